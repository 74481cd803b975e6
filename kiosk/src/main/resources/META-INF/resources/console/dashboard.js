// Console screen "dashboard" (operators): today and this month at a glance, counted in the center's
// time zone: sales, units, pickups, conversion, households reached, the certified products' share
// of sales; open alerts and shelves offline; the picked-but-unsold departures of today. The region
// upload state shows once a region is configured (the hub reports none yet, so it stays hidden).
(() => {
  'use strict';
  const {$, el} = Console;
  const yuan = v => '¥' + Number(v || 0).toLocaleString('zh-CN', {minimumFractionDigits: 2, maximumFractionDigits: 2});
  const pct = v => (100 * (v || 0)).toFixed(0) + '%';

  function tile(label, value, note, cls) {
    const t = el('div', null, 'kpi' + (cls ? ' ' + cls : ''));
    t.append(el('span', label, 'kpi-label'), el('strong', value, 'kpi-value'));
    if (note) t.append(el('span', note, 'kpi-note'));
    return t;
  }

  async function period(from, to) {
    const q = 'from=' + from + '&to=' + to;
    const [all, cert] = await Promise.all([SSK.api('/api/v1/reports/product?' + q),
      SSK.api('/api/v1/reports/certification?' + q)]);
    const certified = cert.rows.find(r => r.key === 'certified');
    const share = all.total.amount_yuan > 0 && certified ? certified.amount_yuan / all.total.amount_yuan : 0;
    return {total: all.total, share};
  }

  function fill(box, p) {
    box.textContent = '';
    box.append(tile('销售额 Sales', yuan(p.total.amount_yuan), p.total.units + ' 件 items'),
        tile('拿起 Pickups', String(p.total.pickups)),
        tile('转化 Conversion', pct(p.total.conversion), '售出 / 拿起 sold per pickup'),
        tile('带动户数 Households', String(p.total.households)),
        tile('认定产品占比 Certified share', pct(p.share), '按销售额 of sales'));
  }

  async function load() {
    const today = SskCenter.today();
    const box = $('dash-msg');
    box.textContent = '';
    try {
      const [d, m, alerts, shelves, departures] = await Promise.all([period(today, today),
        period(SskCenter.monthStart(), today), SSK.api('/api/v1/alerts'), SSK.api('/api/v1/shelves'),
        SSK.api('/api/v1/reports/departures?from=' + today + '&to=' + today)]);
      $('dash-today-date').textContent = today;
      fill($('kpi-today'), d);
      fill($('kpi-month'), m);
      const open = alerts.filter(a => !a.acknowledged_by);
      const offline = shelves.filter(s => !s.online);
      const state = $('kpi-state');
      state.textContent = '';
      const alertTile = tile('未处理预警 Open alerts', String(open.length),
          alerts.length - open.length ? (alerts.length - open.length) + ' 条已确认 acknowledged' : '',
          open.length ? 'warn' : 'good');
      const link = el('a', '查看 View');
      link.href = '#alerts';
      alertTile.append(link);
      state.append(alertTile, tile('离线货架 Shelves offline', String(offline.length),
          offline.map(s => s.shelf + ' ' + (s.name || '')).join('、'), offline.length ? 'warn' : 'good'));
      Console.badge(open.length);
      const tb = $('departures').querySelector('tbody');
      tb.textContent = '';
      for (const r of departures.filter(r => r.departed > 0 || r.sold > 0)) {
        const tr = el('tr');
        tr.append(el('td', Console.names[r.sku] || r.sku), el('td', String(r.departed), 'num'),
            el('td', String(r.sold), 'num'), el('td', String(r.unsold), 'num' + (r.unsold > 0 ? ' low' : '')));
        tb.append(tr);
      }
      if (!tb.children.length) Console.emptyRow(tb, '今天还没有拿走的商品 Nothing taken from the shelves today');
    } catch (e) {
      Console.fail(box, e);
    }
  }

  Console.screens.dashboard = {load};
})();
