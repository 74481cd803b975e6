// Keeps the kiosk working through hub restarts and network cuts: the page, its assets and the
// product media are served from a cache when the hub cannot answer, and refreshed when it can.
const CACHE = 'ssk-kiosk-v1';
const CACHED = [/^\/kiosk\//, /^\/assets\//, /^\/api\/v1\/products\/[^/]+\/(image|qr\.svg)$/];

self.addEventListener('install', e => e.waitUntil(self.skipWaiting()));
self.addEventListener('activate', e => e.waitUntil(self.clients.claim()));

self.addEventListener('fetch', event => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== location.origin || !CACHED.some(r => r.test(url.pathname))) {
    return;
  }
  event.respondWith(caches.open(CACHE).then(async cache => {
    try {
      const fresh = await fetch(req);
      if (fresh.ok) cache.put(req, fresh.clone());
      return fresh;
    } catch (e) {
      const hit = await cache.match(req);
      if (hit) return hit;
      throw e;
    }
  }));
});
