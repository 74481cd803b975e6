// Console screens "shelves" (live map: stock, online, restock, sensor health per lane, the proximity
// sensor's unseen share) and "sales"
// (a report by dimension and period with a chart, the export of what is shown, the upward report).
(() => {
  'use strict';
  const {$, el} = Console;
  let chart = null;
  let itemsChart = null;
  let shown = null;

  async function loadShelves() {
    try {
      const details = await Promise.all(Console.shelves.map(s =>
        SSK.api('/api/v1/shelves/' + encodeURIComponent(s.shelf))));
      const map = $('shelf-map');
      map.textContent = '';
      for (const s of details) {
        const card = el('div', null, 'shelf');
        card.dataset.shelf = s.shelf;
        const h = el('h3', s.shelf + ' · ' + (s.name || ''));
        h.append(el('span', s.online ? '在线 online' : '离线 offline', 'tag ' + (s.online ? 'on' : 'off')));
        if (s.restock) h.append(el('span', '补货中 restocking', 'tag restock'));
        const t = el('table');
        const head = el('tr');
        [['货道 Lane'], ['商品 Product'], ['库存 Stock', 'num'], ['重量 g', 'num'], ['传感器 Sensor']]
            .forEach(([text, cls]) => head.append(el('th', text, cls)));
        const thead = el('thead');
        thead.append(head);
        t.append(thead);
        const tb = el('tbody');
        const live = {};
        for (const l of (s.live && s.live.lanes) || []) live[l.lane] = l;
        for (const l of s.stock || []) {
          const tr = el('tr');
          tr.dataset.lane = l.lane;
          const lv = live[l.lane];
          tr.append(el('td', l.lane), el('td', Console.names[l.sku] || l.sku || '—'),
              el('td', String(l.qty), 'num' + (l.qty <= 2 ? ' low' : '')),
              el('td', lv ? Math.round(lv.grams).toLocaleString() : '—', 'num'),
              el('td', lv ? lv.health : '—', lv && lv.health !== 'ok' ? 'fault' : ''));
          tb.append(tr);
        }
        t.append(tb);
        card.append(h, t, proximityLine(s.live));
        map.append(card);
      }
      if (!details.length) map.append(el('p', '没有货架 No shelves', 'muted'));
    } catch (e) {
      $('shelf-map').textContent = '无法读取货架 Cannot load shelves: ' + e.message;
    }
  }

  // The proximity sensor's health: the share of whole-item changes its agent counted with no hand seen
  // (telemetry "changes", kept by the agent across restarts). A narrow-cone sensor misses 8-30 % of reaches; far
  // more (over half of at least 10 changes) means it is failing, blocked or misplaced.
  function proximityLine(live) {
    const p = el('p', null, 'proximity');
    if (!live) {
      p.textContent = '接近传感器 Proximity sensor: —';
    } else if (live.proximity_mm === null) {
      p.textContent = '接近传感器 Proximity sensor: 无 none';
    } else if (!live.changes) {
      p.textContent = '接近传感器 Proximity sensor: 代理版本旧，无统计 agent too old to count unseen changes';
    } else {
      const c = live.changes;
      const share = c.counted ? c.unseen / c.counted : 0;
      p.textContent = '接近传感器 Proximity sensor: 未见手 unseen ' + c.unseen + ' / ' + c.counted
          + ' (' + (100 * share).toFixed(1) + '%)';
      if (c.counted >= 10 && share > 0.5) p.className += ' fault';
    }
    return p;
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
      r = await SSK.api('/api/v1/reports/' + $('dimension').value + '?' + query());
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
    if (!r.rows.length) Console.emptyRow(tb, '这段时间没有记录 Nothing in this period');
    drawChart(r.rows);
  }

  function drawChart(rows) {
    if (!window.Chart) return;
    // One measure per chart, one axis each: money in yuan, and items (taken vs sold) side by side.
    const labels = rows.map(x => x.label.split(' ')[0]);
    const bars = (label, values, color) => ({label, data: values, backgroundColor: color});
    const options = title => ({responsive: true, maintainAspectRatio: false, animation: false, indexAxis: 'y',
      plugins: {title: {display: true, text: title, font: {size: 16}}, legend: {position: 'bottom'}},
      scales: {x: {beginAtZero: true}}});
    const money = {labels, datasets: [bars('金额 Amount ¥', rows.map(x => x.amount_yuan), '#2f6b3f')]};
    const items = {labels, datasets: [bars('拿起 Pickups', rows.map(x => x.pickups), '#d9a400'),
      bars('售出 Units sold', rows.map(x => x.units), '#2f6b3f')]};
    if (chart) {
      chart.data = money;
      chart.update();
      itemsChart.data = items;
      itemsChart.update();
    } else {
      chart = new Chart($('chart'), {type: 'bar', data: money, options: options('销售额 Sales (¥)')});
      itemsChart = new Chart($('chart-items'), {type: 'bar', data: items,
        options: options('拿起与售出 Taken and sold (items)')});
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

  // This month so far, by the center's calendar.
  const setDates = () => {
    $('to').value = SskCenter.today();
    $('from').value = SskCenter.monthStart();
  };
  setDates();
  SskCenter.ready.then(setDates);
  $('report-form').addEventListener('submit', e => {
    e.preventDefault();
    loadReport();
  });
  $('export-csv').addEventListener('click', exportShown);
  Console.screens.shelves = {load: loadShelves};
  Console.screens.sales = {load: loadReport};
})();
