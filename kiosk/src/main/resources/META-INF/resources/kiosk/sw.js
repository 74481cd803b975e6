// Keeps the kiosk working through hub restarts and network cuts: the page, its assets and the
// product media are served from a cache when the hub cannot answer, and refreshed when it can.
// Fonts and media change only with their URL (fonts are cached "immutable" by the hub, clips are
// files named by the catalog), so they are served from the cache first and fetched once. Videos
// are stored whole and their byte-range requests answered from the stored copy: the Cache API
// cannot keep the 206 answers a video element asks for.
const CACHE = 'ssk-kiosk-v1';
const FRESH_FIRST = [/^\/kiosk\//, /^\/assets\/(?!fonts\/)/, /^\/api\/v1\/products\/[^/]+\/(image|qr\.svg)$/];
const CACHE_FIRST = [/^\/assets\/fonts\//, /^\/media\//];

self.addEventListener('install', e => e.waitUntil(self.skipWaiting()));
self.addEventListener('activate', e => e.waitUntil(self.clients.claim()));

self.addEventListener('fetch', event => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== location.origin) return;
  if (CACHE_FIRST.some(r => r.test(url.pathname))) {
    event.respondWith(stored(url.href, req.headers.get('range')));
  } else if (FRESH_FIRST.some(r => r.test(url.pathname))) {
    event.respondWith(fresh(req));
  }
});

async function fresh(req) {
  const cache = await caches.open(CACHE);
  try {
    const answer = await fetch(req);
    if (answer.ok) cache.put(req, answer.clone());
    return answer;
  } catch (e) {
    const hit = await cache.match(req);
    if (hit) return hit;
    throw e;
  }
}

async function stored(href, range) {
  const cache = await caches.open(CACHE);
  let whole = await cache.match(href);
  if (!whole) {
    const answer = await fetch(href); // no Range header: the whole file, a 200 the cache can keep
    if (!answer.ok) return answer;
    await cache.put(href, answer.clone());
    whole = answer;
  }
  const m = range && /^bytes=(\d*)-(\d*)$/.exec(range.trim());
  if (!m) return whole;
  const body = await whole.arrayBuffer();
  const size = body.byteLength;
  const start = m[1] === '' ? Math.max(0, size - Number(m[2])) : Number(m[1]);
  const end = m[1] !== '' && m[2] !== '' ? Math.min(Number(m[2]), size - 1) : size - 1;
  if (start >= size || start > end) {
    return new Response(null, {status: 416, headers: {'content-range': 'bytes */' + size}});
  }
  return new Response(body.slice(start, end + 1), {status: 206, headers: {
    'content-type': whole.headers.get('content-type') || 'application/octet-stream',
    'content-range': `bytes ${start}-${end}/${size}`,
    'content-length': String(end - start + 1),
    'accept-ranges': 'bytes',
  }});
}
