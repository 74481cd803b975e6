// Console screen "ledger" (台账): every shelf event, sale and staff entry, newest first, filtered
// and paged by the hub; CSV export of everything the filters match; a correction form (a new
// entry, nothing is ever changed) and the import of confirmed sales from a CSV/XLSX file.
(() => {
  'use strict';
  const {$, el} = Console;
  const PAGE = 50;
  let offset = 0;
  const KIND = {pick: '拿走 pick', putback: '放回 put back', restock: '补货 restock', lift: '拿起 lift',
    anomaly: '异常 anomaly', sale: '销售 sale', restock_declared: '报补货 declared restock',
    stocktake: '盘点 stock-take', correction: '更正 correction'};

  function filters() {
    const p = new URLSearchParams();
    for (const [k, id] of [['from', 'ledger-from'], ['to', 'ledger-to'], ['kind', 'ledger-kind'],
      ['shelf', 'ledger-shelf'], ['sku', 'ledger-sku']]) {
      if ($(id).value.trim()) p.set(k, $(id).value.trim());
    }
    // Lifts are provisional (quantity 0, for the kiosk): left out unless asked for.
    if (!$('ledger-lifts').checked) p.set('lifts', 'false');
    return p;
  }

  // The product's name with its SKU below it in small type.
  function productCell(sku) {
    const td = el('td', null, 'sku');
    if (!sku) {
      td.textContent = '—';
      return td;
    }
    td.append(el('span', Console.names[sku] || sku));
    if (Console.names[sku]) td.append(el('div', sku, 'muted small'));
    return td;
  }

  async function load() {
    const p = filters();
    $('ledger-csv').href = '/api/v1/ledger/entries.csv?' + p;
    p.set('limit', PAGE);
    p.set('offset', offset);
    const tb = $('ledger-table').querySelector('tbody');
    try {
      const page = await SSK.api('/api/v1/ledger/entries?' + p);
      tb.textContent = '';
      for (const e of page.entries) {
        const tr = el('tr');
        tr.dataset.kind = e.kind;
        tr.append(el('td', Console.time(e.t_ms)), el('td', KIND[e.kind] || e.kind),
            el('td', (e.shelf || '—') + (e.lane ? '/' + e.lane : '')),
            productCell(e.sku), el('td', String(e.qty), 'num'),
            el('td', e.amount_yuan == null ? '' : e.amount_yuan.toFixed(2), 'num'),
            el('td', e.counted == null ? '' : String(e.counted), 'num'), el('td', e.ref, 'ref'),
            el('td', [e.note, e.refers_to ? '→ ' + e.refers_to : ''].filter(Boolean).join(' ')),
            el('td', e.by_user || ''));
        tb.append(tr);
      }
      if (!page.entries.length) Console.emptyRow(tb, '没有符合条件的记录 No entries match');
      const last = Math.min(page.total, offset + page.entries.length);
      $('ledger-status').textContent = '共 ' + page.total + ' 条，显示 ' + (page.total ? offset + 1 : 0) + '–' + last
          + ' · ' + page.total + ' entries, showing ' + (page.total ? offset + 1 : 0) + '–' + last;
      $('ledger-prev').disabled = offset === 0;
      $('ledger-next').disabled = last >= page.total;
    } catch (e) {
      $('ledger-status').textContent = '无法读取台账 Cannot load the ledger: ' + e.message;
    }
  }

  async function correction(ev) {
    ev.preventDefault();
    const box = $('corr-msg');
    const body = {entry_id: 'corr-' + Date.now().toString(36) + '-' + Math.random().toString(36).slice(2, 8),
      kind: 'correction', shelf: $('corr-shelf').value.trim(), lane: $('corr-lane').value.trim(),
      sku: $('corr-sku').value.trim() || null, qty: Number($('corr-qty').value),
      refers_to: $('corr-ref').value.trim() || null, note: $('corr-note').value.trim()};
    if (!await SskConfirm('记入更正：货架 ' + body.shelf + ' 货道 ' + body.lane + ' 数量 ' + (body.qty > 0 ? '+' : '')
        + body.qty + '？台账记录不能删除，只能再更正。 Book a correction of ' + body.qty + ' on ' + body.shelf + '/'
        + body.lane + '? Ledger entries are never deleted, only corrected again.', '记入台账 Book')) return;
    try {
      await SSK.api('/api/v1/stock-entries', {json: body});
      Console.say(box, '已记入台账 Recorded: ' + body.entry_id, true);
      $('correction-form').reset();
      offset = 0;
      load();
    } catch (e) {
      Console.fail(box, e);
    }
  }

  async function importSales(ev) {
    ev.preventDefault();
    const box = $('sales-import-msg');
    const f = $('sales-file').files[0];
    if (!f) {
      Console.say(box, '请选择文件 Choose a file first', false);
      return;
    }
    if (!await SskConfirm('把“' + f.name + '”中的订单记入台账？已记过的订单不会重复记。'
        + ' Book the orders of "' + f.name + '" into the ledger? Orders already stored are not booked twice.',
    '记入台账 Book orders')) return;
    try {
      const r = await SSK.api('/api/v1/sales/import', {raw: f, type: tableType(f)});
      Console.say(box, '已导入 Imported: ' + r.recorded + ' 单 orders; 已有 already stored: ' + r.already_stored, true);
      load();
    } catch (e) {
      Console.fail(box, e);
    }
  }

  // The Content-Type of a table file: browsers often give none (or a vendor type) for CSV.
  function tableType(f) {
    return /\.xlsx$/i.test(f.name) ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv';
  }

  $('ledger-form').addEventListener('submit', e => {
    e.preventDefault();
    offset = 0;
    load();
  });
  $('ledger-prev').addEventListener('click', () => {
    offset = Math.max(0, offset - PAGE);
    load();
  });
  $('ledger-next').addEventListener('click', () => {
    offset += PAGE;
    load();
  });
  $('ledger-lifts').addEventListener('change', () => {
    offset = 0;
    load();
  });
  $('correction-form').addEventListener('submit', correction);
  $('sales-import-form').addEventListener('submit', importSales);
  Console.tableType = tableType;
  Console.screens.ledger = {load};
})();
