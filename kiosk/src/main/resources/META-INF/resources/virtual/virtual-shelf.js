// The virtual shelf: buttons that move a demo shelf's simulated load cells, beside the shelf's
// kiosk. The kiosk token this page was opened with (?token=) goes on to the embedded kiosk and the
// "open the display" link, so a fresh browser sees a connected display. The lanes are built once
// and then updated in place, only where something changed, so keyboard focus and a button under
// the mouse stay where they are while the shelf is polled.
(() => {
  'use strict';
  const shelf = decodeURIComponent(location.pathname.split('/').filter(Boolean).pop() || '');
  const base = '/api/v1/demo/shelves/' + encodeURIComponent(shelf);
  const token = new URLSearchParams(location.search).get('token');
  const kioskUrl = '/kiosk/' + encodeURIComponent(shelf) + (token ? '?token=' + encodeURIComponent(token) : '');
  const names = {};
  const lanes = new Map(); // lane id -> {div, h, meta, items, lift1, lift2, back, restock, state}
  let restock = null;
  let busy = false;
  const $ = id => document.getElementById(id);

  $('shelf').textContent = shelf;
  $('kiosk').src = kioskUrl;
  $('kiosk-link').href = kioskUrl;
  if (!token) {
    say('这个地址缺少展示屏令牌，右侧展示屏将显示离线；请使用演示程序打印的带 ?token= 的地址。'
        + ' This address has no kiosk token: open the one the demo printed (with ?token=).');
  }

  function say(text) {
    $('msg').textContent = text || '';
  }

  async function post(path) {
    const r = await fetch(base + path, {method: 'POST'});
    if (!r.ok) {
      let why = 'HTTP ' + r.status;
      try { why = (await r.json()).message || why; } catch (e) { /* keep the status */ }
      say('没有成功 Failed: ' + why);
    } else if (token) {
      say('');
    }
    refresh();
  }

  function button(label, onClick, primary) {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = label;
    if (primary) b.className = 'primary';
    b.addEventListener('click', onClick);
    return b;
  }

  function setText(node, text) {
    if (node.textContent !== text) node.textContent = text;
  }

  function build(l) {
    const lane = encodeURIComponent(l.lane);
    const e = {state: {}};
    e.div = document.createElement('div');
    e.div.className = 'lane';
    e.div.dataset.lane = l.lane;
    e.h = document.createElement('h2');
    e.meta = document.createElement('div');
    e.meta.className = 'meta';
    e.items = document.createElement('div');
    e.items.className = 'items';
    e.items.setAttribute('aria-hidden', 'true');
    const actions = document.createElement('div');
    actions.className = 'actions';
    e.lift1 = button('拿起 1 件 Lift 1', () => post('/lanes/' + lane + '/lift?qty=1'), true);
    e.lift2 = button('拿起 2 件 Lift 2', () => post('/lanes/' + lane + '/lift?qty=2'));
    e.back = button('放回 Put back', () => post('/lanes/' + lane + '/putback?qty=' + Math.max(1, e.state.held || 1)));
    e.restock = button('补货 +1 Restock', () => post('/lanes/' + lane + '/restock?qty=1'));
    actions.append(e.lift1, e.lift2, e.back, e.restock);
    e.div.append(e.h, e.meta, e.items, actions);
    $('lanes').append(e.div);
    lanes.set(l.lane, e);
    return e;
  }

  function update(e, l) {
    setText(e.h, '货道 ' + l.lane + ' · ' + (names[l.sku] || l.sku || '空 empty'));
    setText(e.meta, '货架上 ' + l.count + ' 件 on shelf · 手中 ' + l.held + ' 件 in hand · ' + l.grams + ' g');
    if (e.state.count !== l.count || e.state.held !== l.held) {
      const dots = [];
      for (let i = 0; i < l.count; i++) dots.push(Object.assign(document.createElement('span'), {className: 'item'}));
      for (let i = 0; i < l.held; i++) dots.push(Object.assign(document.createElement('span'), {className: 'item held'}));
      e.items.replaceChildren(...dots);
    }
    e.lift1.disabled = l.count < 1;
    e.lift2.disabled = l.count < 2;
    e.back.disabled = l.held < 1;
    e.restock.hidden = !restock;
    e.state = {count: l.count, held: l.held};
  }

  function render(view) {
    if (restock !== view.restock) {
      restock = view.restock;
      setText($('restock-toggle'), restock ? '结束补货 Finish restocking' : '开始补货 Start restocking');
      setText($('restock-state'), restock ? '补货模式中 restock mode on' : '');
    }
    for (const l of view.lanes) update(lanes.get(l.lane) || build(l), l);
  }

  async function refresh() {
    if (busy) return;
    busy = true;
    try {
      const r = await fetch(base);
      if (!r.ok) {
        say(r.status === 404 ? '这个货架不是模拟货架 This shelf is not simulated in this demo' : 'HTTP ' + r.status);
        return;
      }
      render(await r.json());
    } catch (e) {
      say('无法连接中心服务器 Cannot reach the hub');
    } finally {
      busy = false;
    }
  }

  $('restock-toggle').addEventListener('click', () => post('/restock-mode?on=' + !restock));
  fetch('/api/v1/products').then(r => r.ok ? r.json() : []).then(cards => {
    for (const c of cards) names[c.sku] = c.name_zh + ' ' + (c.spec || '');
  }).catch(() => {}).finally(refresh);
  setInterval(refresh, 700);
})();
