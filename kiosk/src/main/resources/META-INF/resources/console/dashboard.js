// Console screen "dashboard" (operators): today and this month at a glance, counted in the center's
// time zone: sales, units, pickups, conversion, households reached, the certified products' share
// of sales; open alerts and shelves offline; the picked-but-unsold departures of today. The upload
// of the ledger to the region (GET /api/v1/region/upload) shows once a region is configured: what is
// not uploaded yet, how old it is, when the region last answered and why the last round failed.
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

  const duration = s => s < 60 ? s + ' 秒 s' : s < 3600 ? Math.floor(s / 60) + ' 分钟 min'
    : (s / 3600).toFixed(1) + ' 小时 h';

  // The region upload tiles, or nothing (hidden) without a region or when the hub cannot say.
  async function upload() {
    const box = $('upload-state');
    let u;
    try {
      u = await SSK.api('/api/v1/region/upload');
    } catch (e) {
      box.hidden = true;
      return;
    }
    box.textContent = '';
    box.hidden = !u.enabled;
    if (!u.enabled) return;
    const where = u.center_id + ' → ' + (u.region_host || '?');
    if (!u.uploading) {
      box.append(tile('上报区域 Region upload', '未上传 Not uploading', u.last_error || where, 'long warn'));
      return;
    }
    const late = u.lag_entries >= u.lag_alert_entries || u.lag_seconds >= u.lag_alert_seconds;
    box.append(tile('上报区域 Region upload', u.lag_entries || u.last_error ? u.lag_entries + ' 条待传 to upload'
        : '已同步 Up to date',
        where, 'long ' + (late || u.last_error ? 'warn' : 'good')),
    tile('上报滞后 Upload lag', duration(u.lag_seconds), '预警阈值 alert at ' + u.lag_alert_entries + ' 条 entries / '
        + duration(u.lag_alert_seconds), late ? 'warn' : ''),
    tile('区域上次应答 Region last answered', u.last_contact_ms ? Console.time(u.last_contact_ms) : '启动后未应答 not since start',
        u.last_error || '', 'long' + (u.last_error ? ' warn' : '')));
    const c = u.certified;
    if (c) {
      box.append(tile('区域认定清单 Certified list', c.version == null ? '未取到 Not fetched' : '第 ' + c.version + ' 版 version ' + c.version,
          c.last_error || (c.last_contact_ms ? '区域上次应答 ' + Console.time(c.last_contact_ms) : ''),
          'long' + (c.last_error ? ' warn' : '')));
    }
  }

  async function load() {
    upload();
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
