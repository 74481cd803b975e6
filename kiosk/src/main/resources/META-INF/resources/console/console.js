// Operator console: live shelves (stock, online, restock, sensor health), sales and engagement
// reports with a chart and exports, and open alerts. Plain JS over the hub's REST API.
(() => {
  'use strict';
  const $ = id => document.getElementById(id);
  const names = {};
  let chart = null;
  let shown = null;

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text != null) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }

  async function json(url) {
    const r = await fetch(url);
    const body = await r.json().catch(() => ({}));
    if (!r.ok) throw new Error(body.reason || body.message || ('HTTP ' + r.status));
    return body;
  }

  async function loadShelves() {
    try {
      const shelves = await json('/api/v1/shelves');
      const details = await Promise.all(shelves.map(s => json('/api/v1/shelves/' + encodeURIComponent(s.shelf))));
      const map = $('shelf-map');
      map.textContent = '';
      for (const s of details) {
        const card = el('div', null, 'shelf');
        card.dataset.shelf = s.shelf;
        const h = el('h3', s.shelf + ' · ' + (s.name || ''));
        h.append(el('span', s.online ? '在线 online' : '离线 offline', 'tag ' + (s.online ? 'on' : 'off')));
        if (s.restock) h.append(el('span', '补货中 restocking', 'tag restock'));
        const t = el('table');
        t.innerHTML = '<thead><tr><th>货道 Lane</th><th>商品 Product</th><th class="num">库存 Stock</th>'
            + '<th class="num">重量 g</th><th>传感器 Sensor</th></tr></thead>';
        const tb = el('tbody');
        const live = {};
        for (const l of (s.live && s.live.lanes) || []) live[l.lane] = l;
        for (const l of s.stock || []) {
          const tr = el('tr');
          tr.dataset.lane = l.lane;
          const lv = live[l.lane];
          tr.append(el('td', l.lane), el('td', names[l.sku] || l.sku || '—'),
              el('td', String(l.qty), 'num' + (l.qty <= 2 ? ' low' : '')),
              el('td', lv ? Math.round(lv.grams).toLocaleString() : '—', 'num'),
              el('td', lv ? lv.health : '—', lv && lv.health !== 'ok' ? 'fault' : ''));
          tb.append(tr);
        }
        t.append(tb);
        card.append(h, t);
        map.append(card);
      }
    } catch (e) {
      $('shelf-map').textContent = '无法读取货架 Cannot load shelves: ' + e.message;
    }
  }

  function query() {
    return 'from=' + encodeURIComponent($('from').value) + '&to=' + encodeURIComponent($('to').value);
  }

  async function loadReport() {
    $('report-error').textContent = '';
    $('upward-csv').href = '/api/v1/reports/upward.csv?' + query();
    $('upward-xlsx').href = '/api/v1/reports/upward.xlsx?' + query();
    let r;
    try {
      r = await json('/api/v1/reports/' + $('dimension').value + '?' + query());
    } catch (e) {
      $('report-error').textContent = '查询失败 Report failed: ' + e.message;
      return;
    }
    shown = r;
    const tb = $('report').querySelector('tbody');
    tb.textContent = '';
    const row = (x, into, cls) => {
      const tr = el('tr', null, cls);
      tr.append(el('td', x.label), el('td', String(x.units), 'num'), el('td', Number(x.amount_yuan).toFixed(2), 'num'),
          el('td', String(x.pickups), 'num'), el('td', (100 * x.conversion).toFixed(1) + '%', 'num'),
          el('td', String(x.households), 'num'));
      into.append(tr);
    };
    r.rows.forEach(x => row(x, tb));
    const tf = $('report').querySelector('tfoot');
    tf.textContent = '';
    row(r.total, tf);
    if (!r.rows.length) tb.append(el('tr')).append(el('td', '这段时间没有记录 Nothing in this period'));
    drawChart(r.rows);
  }

  function drawChart(rows) {
    if (!window.Chart) return;
    const data = {
      labels: rows.map(x => x.label.split(' ')[0]),
      datasets: [
        {label: '金额 Amount ¥', data: rows.map(x => x.amount_yuan), backgroundColor: '#2f6b3f'},
        {label: '拿起 Pickups', data: rows.map(x => x.pickups), backgroundColor: '#d9a400', yAxisID: 'y1'}
      ]
    };
    const options = {responsive: true, maintainAspectRatio: false, animation: false,
      scales: {y: {beginAtZero: true, position: 'left'}, y1: {beginAtZero: true, position: 'right', grid: {drawOnChartArea: false}}}};
    if (chart) {
      chart.data = data;
      chart.update();
    } else {
      chart = new Chart($('chart'), {type: 'bar', data, options});
    }
  }

  function exportShown() {
    if (!shown) return;
    const esc = v => '"' + String(v).replace(/"/g, '""') + '"';
    const lines = [['name', 'units', 'amount_yuan', 'pickups', 'conversion', 'households'].join(',')];
    for (const x of shown.rows.concat([shown.total])) {
      lines.push([esc(x.label), x.units, x.amount_yuan, x.pickups, x.conversion, x.households].join(','));
    }
    const blob = new Blob(['\ufeff' + lines.join('\r\n') + '\r\n'], {type: 'text/csv;charset=utf-8'});
    const a = el('a');
    a.href = URL.createObjectURL(blob);
    a.download = 'report-' + shown.dimension + '-' + shown.from + '-' + shown.to + '.csv';
    document.body.append(a);
    a.click();
    a.remove();
  }

  async function loadAlerts() {
    const ul = $('alert-list');
    try {
      const alerts = await json('/api/v1/alerts');
      ul.textContent = '';
      for (const a of alerts) {
        const li = el('li');
        li.dataset.kind = a.kind;
        li.append(el('strong', a.kind), document.createTextNode(' · ' + (a.detail || '') + ' · '
            + new Date(a.raised_ms).toLocaleString()));
        ul.append(li);
      }
      if (!alerts.length) ul.append(el('li', '没有未处理的预警 No open alerts', 'muted'));
    } catch (e) {
      ul.textContent = '无法读取预警 Cannot load alerts: ' + e.message;
    }
  }

  const today = new Date();
  const iso = d => d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0');
  $('to').value = iso(today);
  $('from').value = iso(new Date(today.getFullYear(), today.getMonth(), 1));
  $('report-form').addEventListener('submit', e => {
    e.preventDefault();
    loadReport();
  });
  $('export-csv').addEventListener('click', exportShown);
  fetch('/api/v1/products').then(r => r.ok ? r.json() : []).then(cards => {
    for (const c of cards) names[c.sku] = c.name_zh + ' ' + (c.spec || '');
  }).catch(() => {}).finally(() => {
    loadShelves();
    loadReport();
    loadAlerts();
  });
  setInterval(loadShelves, 5000);
  setInterval(loadAlerts, 15000);
})();
