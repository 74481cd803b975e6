// The display beside a shelf. Listens to /ws/kiosk/{shelf} (docs/kiosk-protocol.md) and shows the
// product a visitor lifts; between visitors it loops through the shelf's products and aid stories.
// Everything it needs is cached (the last hello frame in localStorage, media through the service
// worker), so a hub restart or a network cut never leaves the screen blank.
(() => {
  'use strict';
  const shelf = decodeURIComponent(location.pathname.split('/').filter(Boolean).pop() || '');
  // The display's read-only token: from the URL the technician configured, kept for reloads without it.
  const token = (() => {
    const fromUrl = new URLSearchParams(location.search).get('token');
    try {
      if (fromUrl) localStorage.setItem('ssk.kioskToken', fromUrl);
      return fromUrl || localStorage.getItem('ssk.kioskToken');
    } catch (e) {
      return fromUrl;
    }
  })();
  const CACHE_KEY = 'ssk.kiosk.hello.' + shelf;
  const LANG_KEY = 'ssk.kiosk.lang';
  const PUTBACK_LINGER_MS = 3000; // a put-back item fades back to idle after a few seconds
  const PICK_SHOW_MS = 20000;     // a taken item's card stays while the visitor reads it
  const LIFT_TIMEOUT_MS = 15000;  // a lift that never became a pick nor a put-back
  const SLIDE_MS = 7000;
  const CAPTION_MS = 3500;        // one caption sentence, read at a glance from a metre away
  const MAX_CARDS = 3;
  const LANG_RESET_MS = 20000;    // the next visitor starts in Chinese: English ends this long after the last card

  const $ = id => document.getElementById(id);
  const cardsEl = $('cards');
  const tpl = $('card-tpl');
  let lang = 'zh';
  let langTimer = null;
  let hello = readCache();
  const shown = new Map(); // lane -> {el, timer}
  let slideIndex = 0;
  let slideTimer = null;
  let captionTimer = null;
  let retryMs = 1000;

  function readCache() {
    try {
      return JSON.parse(localStorage.getItem(CACHE_KEY) || 'null');
    } catch (e) {
      return null;
    }
  }

  function t(obj, field) {
    if (!obj) return '';
    return (lang === 'en' ? obj[field + '_en'] : obj[field + '_zh']) || obj[field + '_zh'] || obj[field + '_en'] || '';
  }

  function applyStaticText(root) {
    root.querySelectorAll('[data-zh]').forEach(el => {
      el.textContent = lang === 'en' ? el.dataset.en : el.dataset.zh;
    });
  }

  function setImage(img, holder, url, label) {
    holder.classList.remove('no-img');
    holder.querySelector('.fallback').textContent = label;
    img.alt = label;
    img.onerror = () => holder.classList.add('no-img');
    if (url) {
      img.src = url;
    } else {
      holder.classList.add('no-img');
    }
  }

  function originPath(o) {
    return o ? [o.province, o.city, o.county, o.town, o.village].filter(Boolean) : [];
  }

  // ---- idle attract loop -------------------------------------------------------------------
  function sentences(text) {
    return (text || '').split(/(?<=[。！？；.!?;])\s*/).map(x => x.trim()).filter(Boolean);
  }

  // A product with a video plays it muted and inline, its aid story as captions, sentence by sentence.
  function playVideo(c) {
    const video = $('slide-video');
    const caption = $('slide-caption');
    const lines = sentences(t(c, 'story'));
    video.hidden = false;
    video.onerror = stopVideo;
    if (video.dataset.src !== c.video_url) {
      video.dataset.src = c.video_url;
      video.src = c.video_url;
    }
    video.currentTime = 0;
    video.play().catch(() => {
      // Autoplay refused or the file unreadable: the still image stays underneath.
    });
    let i = 0;
    const next = () => {
      caption.hidden = !lines.length;
      caption.textContent = lines.length ? lines[i++ % lines.length] : '';
    };
    next();
    captionTimer = setInterval(next, CAPTION_MS);
    return Math.max(SLIDE_MS, lines.length * CAPTION_MS);
  }

  function stopVideo() {
    clearInterval(captionTimer);
    const video = $('slide-video');
    video.pause();
    video.hidden = true;
    $('slide-caption').hidden = true;
  }

  // Shows the current slide and returns how long it should stay.
  function renderSlide() {
    const cards = (hello && hello.cards) || [];
    const media = document.querySelector('.slide-media');
    stopVideo();
    // A clip's slide has a box of the clip's 16:9 shape (no dark bands above and below it). Set per
    // slide only: the idle layer keeps its shape while cards cover it, so nothing shifts.
    media.classList.toggle('with-video', !!(cards.length && cards[slideIndex % cards.length].video_url));
    if (!cards.length) {
      $('slide-name').textContent = lang === 'en' ? 'Consumption poverty alleviation' : '消费扶贫 · 助农增收';
      $('slide-story').textContent = lang === 'en' ? 'Every purchase here helps farming households.'
          : '您在这里的每一次购买，都在帮助脱贫农户增收。';
      $('slide-origin').textContent = '';
      setImage($('slide-img'), media, null, SskCenter.name(lang));
      return SLIDE_MS;
    }
    const c = cards[slideIndex % cards.length];
    $('slide-name').textContent = t(c, 'name');
    if (window.SskScroller) SskScroller.reset(document.querySelector('.slide-scroller'));
    // With a video the story runs as its captions; the text beside it introduces the product instead.
    $('slide-story').textContent = c.video_url ? t(c, 'intro') || t(c, 'story') : t(c, 'story');
    const o = c.origin || {};
    $('slide-origin').textContent = [o.county, o.village].filter(Boolean).join(' · ');
    setImage($('slide-img'), media, c.image_url, t(c, 'name'));
    return c.video_url ? playVideo(c) : SLIDE_MS;
  }

  function startSlides() {
    clearTimeout(slideTimer);
    if (!document.body.classList.contains('idle')) return; // layout() restarts the loop when cards go
    const step = () => {
      const ms = renderSlide();
      slideTimer = setTimeout(() => {
        slideIndex++;
        step();
      }, ms);
    };
    step();
  }

  // ---- product cards -----------------------------------------------------------------------
  const KIND = {cooperative: ['合作社', 'cooperative'], company: ['企业', 'company'], household: ['农户', 'family farm'],
    village_collective: ['村集体', 'village collective']};

  // The card's big numbers: households helped and the income each gains a year (hidden when unknown).
  function fillImpact(el, p) {
    const households = p && p.households != null ? p.households : null;
    const income = p && p.income_yuan != null ? p.income_yuan : null;
    el.querySelector('.stat-households').hidden = households == null;
    el.querySelector('.stat-households .n').textContent = households == null ? '' : String(households);
    el.querySelector('.stat-income').hidden = income == null;
    el.querySelector('.stat-income .n').textContent = income == null ? ''
        : '¥' + Number(income).toLocaleString(lang === 'en' ? 'en-US' : 'zh-CN');
    el.querySelector('.impact').hidden = households == null && income == null;
  }

  function fillCard(el, c) {
    el.dataset.sku = c.sku;
    const media = el.querySelector('.card-media');
    const photo = c.producer && c.producer.photo_url;
    media.classList.toggle('photo', !!photo);
    media.classList.toggle('product', !photo);
    el.querySelector('.photo-note').hidden = !photo;
    setImage(el.querySelector('.img'), media, photo || c.image_url, t(c, 'name'));
    if (photo) {
      // A producer photo that fails to load gives way to the product's own picture.
      el.querySelector('.img').onerror = () => {
        el.querySelector('.photo-note').hidden = true;
        media.classList.replace('photo', 'product');
        setImage(el.querySelector('.img'), media, c.image_url, t(c, 'name'));
      };
    }
    fillImpact(el, c.producer);
    el.querySelector('.qr-img').src = c.qr_url || '';
    el.querySelector('.name').textContent = t(c, 'name');
    el.querySelector('.yuan').textContent = c.price_yuan != null ? '¥' + Number(c.price_yuan).toFixed(2) : '';
    el.querySelector('.unit').textContent = c.unit ? '/ ' + c.unit : '';
    el.querySelector('.spec').textContent = c.spec || '';
    const path = el.querySelector('.path');
    path.textContent = '';
    for (const part of originPath(c.origin)) {
      const li = document.createElement('li');
      li.textContent = part;
      path.append(li);
    }
    if (path.lastElementChild) path.lastElementChild.classList.add('here');
    const region = el.querySelector('.region-box');
    region.textContent = '';
    const graphic = window.SskRegion && window.SskRegion.svg(c.origin);
    if (graphic) region.append(graphic);
    const p = c.producer;
    const kind = p && KIND[p.kind] ? KIND[p.kind][lang === 'en' ? 1 : 0] : '';
    el.querySelector('.producer').textContent = !p ? '' : (lang === 'en' ? 'Made by ' : '生产者：') + p.name
        + (kind ? ' (' + kind + ')' : '');
    el.querySelector('.intro').textContent = t(c, 'intro');
    el.querySelector('.story-text').textContent = t(c, 'story');
    const cert = el.querySelector('.cert');
    cert.hidden = !c.certification;
    if (c.certification) {
      cert.textContent = (lang === 'en' ? '✓ Certified poverty-alleviation product · No. ' : '✓ 扶贫产品 · 认定编号 ')
          + c.certification.number;
    }
    const tr = c.trace || {};
    el.querySelector('.batch').textContent = tr.batch || '—';
    el.querySelector('.date').textContent = tr.date || '—';
    el.querySelector('.inspection').textContent = tr.inspection || '—';
    applyStaticText(el);
    if (window.SskScroller) SskScroller.reset(el.querySelector('.scroller'));
  }

  function layout() {
    const n = shown.size;
    const wasIdle = document.body.classList.contains('idle');
    cardsEl.className = 'n' + Math.max(1, n);
    document.body.classList.toggle('idle', n === 0);
    if (wasIdle && n > 0) {
      clearTimeout(slideTimer); // the loop rests, and its video stops decoding, while cards are read
      stopVideo();
    } else if (!wasIdle && n === 0) {
      startSlides();
    }
    clearTimeout(langTimer);
    if (n === 0 && lang === 'en') langTimer = setTimeout(() => setLang('zh'), LANG_RESET_MS);
  }

  function show(lane, card, keepMs) {
    if (!card) return;
    let entry = shown.get(lane);
    if (!entry) {
      if (shown.size >= MAX_CARDS) drop(shown.keys().next().value);
      const el = tpl.content.firstElementChild.cloneNode(true);
      el.dataset.lane = lane;
      entry = {el, timer: null, card};
      shown.set(lane, entry);
      cardsEl.append(el);
    }
    entry.card = card;
    entry.el.classList.remove('leaving');
    fillCard(entry.el, card);
    clearTimeout(entry.timer);
    entry.timer = setTimeout(() => drop(lane), keepMs);
    layout();
  }

  function putBack(lane) {
    const entry = shown.get(lane);
    if (!entry) return;
    entry.el.classList.add('leaving');
    clearTimeout(entry.timer);
    entry.timer = setTimeout(() => drop(lane), PUTBACK_LINGER_MS);
  }

  function drop(lane) {
    const entry = shown.get(lane);
    if (!entry) return;
    clearTimeout(entry.timer);
    entry.el.remove();
    shown.delete(lane);
    layout();
  }

  // ---- state from the hub ------------------------------------------------------------------
  function applyHello(h) {
    hello = h;
    try {
      localStorage.setItem(CACHE_KEY, JSON.stringify(h));
    } catch (e) {
      // A full localStorage only costs the offline copy; the screen keeps working.
    }
    $('restock').hidden = !h.restock;
    showNames();
    for (const c of h.cards || []) {
      if (c.image_url) new Image().src = c.image_url;
      if (c.qr_url) new Image().src = c.qr_url;
      // Fetched whole once so the service worker holds the clip for offline loops.
      if (c.video_url) fetch(c.video_url).then(r => r.blob()).catch(() => {});
    }
    startSlides();
  }

  function onFrame(f) {
    switch (f.type) {
      case 'hello': applyHello(f); break;
      case 'lift': show(f.lane, f.card, LIFT_TIMEOUT_MS); break;
      case 'pick': show(f.lane, f.card, PICK_SHOW_MS); break;
      case 'putback': putBack(f.lane); break;
      case 'restock': $('restock').hidden = !f.on; break;
      case 'shelf_state': $('conn').dataset.shelf = f.online ? 'online' : 'offline'; break;
      default: break; // frames added later within v1 are ignored
    }
  }

  function setConn(state) {
    const c = $('conn');
    c.className = 'conn-' + state;
    c.title = {up: '已连接 connected', wait: '连接中 connecting', down: '离线，显示缓存内容 offline, showing cached content'}[state];
    const text = $('conn-text');
    text.hidden = state !== 'down';
    text.textContent = lang === 'en' ? 'offline' : '离线';
    c.dataset.state = state;
  }

  function connect() {
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const url = proto + '//' + location.host + '/ws/kiosk/' + encodeURIComponent(shelf)
        + (token ? '?token=' + encodeURIComponent(token) : '');
    setConn('wait');
    let ws;
    try {
      ws = new WebSocket(url);
    } catch (e) {
      retry();
      return;
    }
    ws.onopen = () => {
      retryMs = 1000;
      setConn('up');
    };
    ws.onmessage = m => {
      try {
        onFrame(JSON.parse(m.data));
      } catch (e) {
        // One bad frame must not take the screen down.
      }
    };
    ws.onclose = () => {
      setConn('down');
      retry();
    };
  }

  function retry() {
    const wait = retryMs * (0.8 + Math.random() * 0.4);
    retryMs = Math.min(retryMs * 2, 30000);
    setTimeout(connect, wait);
  }

  // ---- start -------------------------------------------------------------------------------
  // A public screen: no context menu (it offers "inspect", "save as", "open in new tab"), no text
  // selection and no dragging images or links off the page.
  for (const type of ['contextmenu', 'selectstart', 'dragstart']) {
    document.addEventListener(type, e => e.preventDefault());
  }
  // The center's name and logo (configured on the hub) and the shelf's name from the planogram.
  function showNames() {
    $('center-name').textContent = SskCenter.name(lang);
    const logo = SskCenter.info.logo_url;
    $('center-logo').hidden = !logo;
    if (logo && $('center-logo').getAttribute('src') !== logo) $('center-logo').src = logo;
    $('shelf-name').textContent = (hello && hello.name) || shelf;
    document.title = SskCenter.name(lang) + ' · ' + ((hello && hello.name) || shelf);
  }

  function setLang(to) {
    clearTimeout(langTimer);
    lang = to;
    document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
    $('lang').textContent = lang === 'en' ? '中文' : 'EN';
    $('lang').setAttribute('aria-label', lang === 'en' ? '切换到中文' : 'Switch to English');
    showNames();
    applyStaticText(document);
    setConn($('conn').dataset.state || 'wait');
    for (const entry of shown.values()) fillCard(entry.el, entry.card);
    if (!shown.size) startSlides();
  }

  $('lang').addEventListener('click', () => {
    setLang(lang === 'en' ? 'zh' : 'en');
    if (lang === 'en' && !shown.size) langTimer = setTimeout(() => setLang('zh'), 3 * LANG_RESET_MS);
  });
  try {
    localStorage.removeItem(LANG_KEY); // the language is the visitor's, never the next one's
  } catch (e) {
    // nothing kept, nothing to remove
  }
  showNames();
  SskCenter.ready.then(showNames);
  applyStaticText(document);
  startSlides();
  layout();
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('/kiosk/sw.js', {scope: '/kiosk/'}).catch(() => {
      // Without a service worker (plain http to a remote hub) the browser cache still serves media.
    });
  }
  connect();
})();
