// Staff page for a phone: sign in, pick a shelf, start and finish restocking, compare the ledger's
// expected items per lane with what the shelf weighs and what staff count, confirm a stock-take
// (one ledger entry per lane; the shrinkage is shown), and see and acknowledge the shelf's alerts.
(() => {
  'use strict';
  const $ = id => document.getElementById(id);
  const el = SSK.el;
  const names = {};
  // What staff typed per "shelf/lane": kept while the page refreshes, until the stock-take is confirmed.
  const typed = {};
  // The time of a stock-take per shelf that did not finish: its entry ids.
  const pending = {};
  let lanes = [];
  let timer = null;

  // "Add N": the lane's capacity from the planogram (items it holds when full) minus what the ledger
  // expects on it. Without a capacity the page says so instead of guessing.
  function toAdd(l) {
    if (l.capacity == null) {
      return {text: '容量未知 capacity unknown', cls: 'unknown', title: '请在控制台的货道配置中填写满载件数'
          + ' Enter the lane\'s capacity in the console\'s planogram'};
    }
    const add = l.capacity - l.qty;
    const title = '满载 ' + l.capacity + ' 件 full at ' + l.capacity;
    if (add > 0) return {text: '补 ' + add + ' 件 add ' + add, cls: 'todo', title};
    if (add === 0) return {text: '已满 full', cls: '', title};
    return {text: '超出 ' + -add + ' 件 ' + -add + ' over', cls: 'over', title};
  }

  function counted(id, l) {
    const k = id + '/' + l.lane;
    if (typed[k] != null) return typed[k];
    return l.scale == null ? l.qty : l.scale;
  }

  async function refresh() {
    const id = $('shelf').value;
    if (!id) return;
    try {
      const s = await SSK.api('/api/v1/shelves/' + encodeURIComponent(id));
      $('state').textContent = (s.online ? '货架在线 online' : '货架离线 offline')
          + (s.restock ? ' · 补货模式中 restock mode on' : ' · 正常售卖 normal');
      $('start').disabled = s.restock;
      $('finish').disabled = !s.restock;
      const live = {};
      for (const l of (s.live && s.live.lanes) || []) live[l.lane] = l;
      lanes = (s.stock || []).filter(l => l.sku).map(l => ({lane: l.lane, sku: l.sku, qty: l.qty,
        capacity: l.capacity == null ? null : l.capacity, scale: live[l.lane] ? live[l.lane].count : null}));
      const tb = $('lanes').querySelector('tbody');
      const focused = document.activeElement && document.activeElement.dataset.lane;
      if (focused) return;
      tb.textContent = '';
      for (const l of lanes) {
        const tr = el('tr');
        tr.dataset.lane = l.lane;
        const input = el('input');
        input.type = 'number';
        input.min = '0';
        input.inputMode = 'numeric';
        input.value = counted(id, l);
        input.dataset.lane = l.lane;
        input.setAttribute('aria-label', '货道 ' + l.lane + ' 实点 counted');
        input.addEventListener('input', () => {
          typed[id + '/' + l.lane] = input.value;
          input.closest('tr').querySelector('.expected').classList.toggle('diff', Number(input.value) !== l.qty);
        });
        const cell = el('td', null, 'num');
        cell.append(input);
        const n = Number(input.value);
        const add = toAdd(l);
        const addCell = el('td', add.text, 'num add' + (add.cls ? ' ' + add.cls : ''));
        addCell.title = add.title;
        addCell.dataset.capacity = l.capacity == null ? '' : String(l.capacity);
        tr.append(el('td', l.lane), el('td', names[l.sku] || l.sku),
            el('td', String(l.qty), 'num expected' + (n !== l.qty ? ' diff' : '')),
            el('td', l.scale == null ? '—' : String(l.scale), 'num scale' + (l.scale != null && l.scale !== l.qty
                ? ' diff' : '')), cell, addCell);
        tb.append(tr);
      }
      await alerts(id);
    } catch (e) {
      say('无法读取 Cannot load: ' + e.message, false);
    }
  }

  async function alerts(id) {
    const list = await SSK.api('/api/v1/alerts');
    const ul = $('alerts');
    ul.textContent = '';
    for (const a of list.filter(a => !a.shelf || a.shelf === id)) {
      const li = el('li', null, a.acknowledged_by ? 'acked' : '');
      li.dataset.id = a.id;
      li.dataset.kind = a.kind;
      li.append(el('span', SskAlertKinds.text(a.kind) + (a.lane ? ' · 货道 lane ' + a.lane : '')
          + (a.detail ? ' · ' + a.detail : '')));
      if (a.acknowledged_by) {
        li.append(el('span', '已确认 ' + a.acknowledged_by, 'muted'));
      } else {
        const b = el('button', '确认 Ack');
        b.type = 'button';
        b.className = 'ack';
        b.addEventListener('click', async () => {
          b.disabled = true;
          try {
            await SSK.api('/api/v1/alerts/' + encodeURIComponent(a.id) + '/ack', {method: 'POST'});
            await alerts(id);
          } catch (e) {
            b.disabled = false;
            say(e.message, false);
          }
        });
        li.append(b);
      }
      ul.append(li);
    }
    if (!ul.children.length) ul.append(el('li', '没有预警 No alerts', 'muted'));
  }

  function say(text, ok) {
    $('msg').textContent = text;
    $('msg').className = ok ? 'ok' : 'error';
  }

  async function restock(on) {
    say('', true);
    try {
      await SSK.api('/api/v1/shelves/' + encodeURIComponent($('shelf').value) + '/restock?on=' + on, {method: 'POST'});
      say(on ? '已发送：开始补货 Sent: restocking' : '已发送：完成补货 Sent: finished', true);
    } catch (e) {
      say('没有成功 Failed: ' + e.message, false);
    }
    setTimeout(refresh, 1200);
  }

  async function stockTake() {
    const id = $('shelf').value;
    const box = $('stocktake-result');
    box.className = '';
    box.textContent = '';
    const inputs = [...document.querySelectorAll('#lanes tbody input')];
    // A retry after a failure reuses the take's id, so nothing is stored twice.
    const at = pending[id] || Date.now();
    pending[id] = at;
    const lines = [];
    const counts = [];
    let shrink = 0;
    try {
      for (const input of inputs) {
        const l = lanes.find(x => x.lane === input.dataset.lane);
        const n = Number(input.value);
        if (!l || input.value === '' || !Number.isInteger(n) || n < 0) {
          throw new Error('货道 ' + input.dataset.lane + ' 的点数无效 Lane ' + input.dataset.lane + ': not a count');
        }
        counts.push({lane: l.lane, sku: l.sku, counted: n});
        if (n !== l.qty) lines.push('货道 lane ' + l.lane + ': ' + (n - l.qty > 0 ? '+' : '') + (n - l.qty));
        shrink += Math.max(0, l.qty - n);
      }
      if (!await SskConfirm('把点数记入台账？' + (shrink ? '将记损耗 ' + shrink + ' 件。' : '没有损耗。')
          + (lines.length ? '（' + lines.join('；') + '）' : '') + ' Book this stock-take into the ledger? '
          + (shrink ? 'Shrinkage of ' + shrink + ' items will be booked.' : 'No shrinkage.'),
      '记入台账 Book stock-take')) {
        delete pending[id];
        return;
      }
      // All lanes in one request, stored all or none.
      await SSK.api('/api/v1/stock-takes', {json: {take_id: 'st-' + id + '-' + at.toString(36), shelf: id,
        t_ms: at, lanes: counts}});
      Object.keys(typed).filter(k => k.startsWith(id + '/')).forEach(k => delete typed[k]);
      delete pending[id];
      box.className = 'ok';
      box.append(el('div', '盘点已确认 Stock-take confirmed · 损耗 shrinkage: ' + shrink + ' 件 items'));
      lines.forEach(t => box.append(el('div', t)));
      box.scrollIntoView({block: 'nearest'});
      document.activeElement.blur();
      refresh();
    } catch (e) {
      box.className = 'error';
      box.textContent = '盘点没有完成 Stock-take not finished: ' + e.message;
    }
  }

  $('start').addEventListener('click', () => restock(true));
  $('finish').addEventListener('click', () => restock(false));
  $('stocktake').addEventListener('click', stockTake);
  $('shelf').addEventListener('change', refresh);
  SSK.start(async () => {
    try {
      const [shelves, cards] = await Promise.all([SSK.api('/api/v1/shelves'), SSK.api('/api/v1/products')]);
      for (const c of cards) names[c.sku] = c.name_zh + ' ' + (c.spec || '');
      const want = $('shelf').value || new URLSearchParams(location.search).get('shelf');
      $('shelf').textContent = '';
      for (const s of shelves) {
        const o = el('option', s.shelf + ' · ' + (s.name || ''));
        o.value = s.shelf;
        o.selected = s.shelf === want;
        $('shelf').append(o);
      }
      refresh();
    } catch (e) {
      say('无法读取货架 Cannot load shelves: ' + e.message, false);
    }
    clearInterval(timer);
    timer = setInterval(refresh, 3000);
  });
})();
