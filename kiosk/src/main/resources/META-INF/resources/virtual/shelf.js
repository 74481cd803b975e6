(() => {
  'use strict';
  const shelf = decodeURIComponent(location.pathname.split('/').filter(Boolean).pop() || '');
  const base = '/api/v1/demo/shelves/' + encodeURIComponent(shelf);
  const names = {};
  let restock = false;
  document.getElementById('shelf').textContent = shelf;
  document.getElementById('kiosk').src = '/kiosk/' + encodeURIComponent(shelf);
  document.getElementById('kiosk-link').href = '/kiosk/' + encodeURIComponent(shelf);

  function say(text) {
    document.getElementById('msg').textContent = text || '';
  }

  async function post(path) {
    const r = await fetch(base + path, {method: 'POST'});
    if (!r.ok) {
      let why = 'HTTP ' + r.status;
      try { why = (await r.json()).message || why; } catch (e) { /* keep the status */ }
      say('没有成功 Failed: ' + why);
    } else {
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

  function render(view) {
    restock = view.restock;
    document.getElementById('restock-toggle').textContent = restock ? '结束补货 Finish restocking' : '开始补货 Start restocking';
    document.getElementById('restock-state').textContent = restock ? '补货模式中 restock mode on' : '';
    const root = document.getElementById('lanes');
    root.textContent = '';
    for (const l of view.lanes) {
      const div = document.createElement('div');
      div.className = 'lane';
      div.dataset.lane = l.lane;
      const h = document.createElement('h2');
      h.textContent = '货道 ' + l.lane + ' · ' + (names[l.sku] || l.sku || '空 empty');
      const meta = document.createElement('div');
      meta.className = 'meta';
      meta.textContent = '货架上 ' + l.count + ' 件 on shelf · 手中 ' + l.held + ' 件 in hand · ' + l.grams + ' g';
      const items = document.createElement('div');
      items.className = 'items';
      for (let i = 0; i < l.count; i++) items.append(Object.assign(document.createElement('span'), {className: 'item'}));
      for (let i = 0; i < l.held; i++) items.append(Object.assign(document.createElement('span'), {className: 'item held'}));
      const actions = document.createElement('div');
      actions.className = 'actions';
      const lane = encodeURIComponent(l.lane);
      const lift1 = button('拿起 1 件 Lift 1', () => post('/lanes/' + lane + '/lift?qty=1'), true);
      lift1.disabled = l.count < 1;
      const lift2 = button('拿起 2 件 Lift 2', () => post('/lanes/' + lane + '/lift?qty=2'));
      lift2.disabled = l.count < 2;
      const back = button('放回 Put back', () => post('/lanes/' + lane + '/putback?qty=' + Math.max(1, l.held)));
      back.disabled = l.held < 1;
      actions.append(lift1, lift2, back);
      if (restock) actions.append(button('补货 +1 Restock', () => post('/lanes/' + lane + '/restock?qty=1')));
      div.append(h, meta, items, actions);
      root.append(div);
    }
  }

  async function refresh() {
    try {
      const r = await fetch(base);
      if (!r.ok) {
        say(r.status === 404 ? '这个货架不是模拟货架 This shelf is not simulated in this demo' : 'HTTP ' + r.status);
        return;
      }
      render(await r.json());
    } catch (e) {
      say('无法连接中心服务器 Cannot reach the hub');
    }
  }

  document.getElementById('restock-toggle').addEventListener('click', () => post('/restock-mode?on=' + !restock));
  fetch('/api/v1/products').then(r => r.ok ? r.json() : []).then(cards => {
    for (const c of cards) names[c.sku] = c.name_zh + ' ' + (c.spec || '');
  }).catch(() => {}).finally(refresh);
  setInterval(refresh, 700);
})();
