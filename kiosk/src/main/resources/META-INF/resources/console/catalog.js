// Console screen "catalog": products (every field of the product database, an image upload, CSV/XLSX
// import with a row-by-row report, exports) and the planogram (the SKU, unit grams and capacity of each
// lane: the items it holds when full, which the staff page's "add N" fills it up to; empty when not known).
// Saving tells the hub, which refreshes the kiosks and republishes the shelf configs.
(() => {
  'use strict';
  const {$, el} = Console;
  // [column, label, kind]; kind: text (default), long (textarea), date, number, or a list of choices.
  const FIELDS = [
    ['sku', 'SKU'], ['name_zh', '中文名 Name (zh)'], ['name_en', '英文名 Name (en)'],
    ['price_yuan', '价格 Price ¥', 'number'], ['unit', '单位 Unit'], ['spec', '规格 Specification'],
    ['intro_zh', '介绍 Intro (zh)', 'long'], ['intro_en', 'Intro (en)', 'long'],
    ['story_zh', '帮扶故事 Aid story (zh)', 'long'], ['story_en', 'Aid story (en)', 'long'],
    ['province', '省 Province'], ['city', '市 City'], ['county', '县 County'], ['town', '乡镇 Town'],
    ['village', '村 Village'], ['producer_id', '经营主体编号 Producer id'], ['producer_name', '经营主体 Producer'],
    ['producer_kind', '主体类型 Producer kind', ['cooperative', 'company', 'household', 'village_collective']],
    ['households', '带动贫困户 Households', 'number'], ['season', '季节 Season'], ['output_scale', '产量规模 Output scale'],
    ['annual_output', '年产量 Annual output'], ['market_low_yuan', '市场价下限 Market low ¥', 'number'],
    ['market_high_yuan', '市场价上限 Market high ¥', 'number'], ['cert_number', '认定编号 Certificate no.'],
    ['cert_issuer', '认定机构 Issuer'], ['cert_valid_until', '有效期至 Valid until', 'date'],
    ['trace_batch', '批次 Batch'], ['trace_date', '采收/生产日期 Harvest date', 'date'],
    ['trace_inspection', '检测报告 Inspection'], ['color', '颜色 Colour (#rrggbb)'],
    ['image_url', '图片地址 Image URL'], ['video_url', '视频地址 Video URL']];
  let products = [];
  let editing = null;
  let planogram = [];

  function buildForm() {
    const box = $('product-fields');
    for (const [col, label, kind] of FIELDS) {
      const l = el('label', label);
      const input = el(Array.isArray(kind) ? 'select' : kind === 'long' ? 'textarea' : 'input');
      if (Array.isArray(kind)) kind.forEach(k => input.append(Object.assign(el('option', k), {value: k})));
      input.name = col;
      input.id = 'f-' + col;
      if (kind === 'date') input.type = 'date';
      if (kind === 'number') input.inputMode = 'decimal';
      l.append(input);
      box.append(l);
    }
  }

  async function load() {
    try {
      products = await SSK.api('/api/v1/catalog/products');
    } catch (e) {
      Console.fail($('products-import-msg'), e);
      return;
    }
    const tb = $('product-table').querySelector('tbody');
    tb.textContent = '';
    for (const p of products) {
      const tr = el('tr', null, 'pick');
      tr.dataset.sku = p.sku;
      const img = el('img');
      img.src = p.image_url || '/api/v1/products/' + encodeURIComponent(p.sku) + '/image';
      img.alt = '';
      img.className = 'thumb';
      const cell = el('td');
      cell.append(img);
      tr.append(cell, el('td', p.sku), el('td', p.name_zh + ' ' + p.spec), el('td', p.price_yuan, 'num'),
          el('td', p.county));
      tr.addEventListener('click', () => edit(p));
      tb.append(tr);
    }
    loadPlanogram();
  }

  function edit(p) {
    editing = p ? p.sku : null;
    $('product-form').hidden = false;
    $('product-form-title').textContent = p ? '编辑 Edit ' + p.sku : '新增商品 New product';
    for (const [col] of FIELDS) $('f-' + col).value = p ? (p[col] || '') : '';
    $('f-sku').readOnly = !!p;
    $('product-image-box').hidden = !p;
    if (p) $('product-image').src = p.image_url || '/api/v1/products/' + encodeURIComponent(p.sku) + '/image';
    $('product-msg').textContent = '';
    $('product-form').scrollIntoView({block: 'nearest'});
  }

  async function save(ev) {
    ev.preventDefault();
    const body = {};
    for (const [col] of FIELDS) body[col] = $('f-' + col).value.trim();
    const box = $('product-msg');
    try {
      if (editing) {
        await SSK.api('/api/v1/catalog/products/' + encodeURIComponent(editing), {method: 'PUT', json: body});
      } else {
        await SSK.api('/api/v1/catalog/products', {json: body});
      }
      Console.say(box, '已保存，展示屏将更新 Saved; kiosks update now', true);
      editing = body.sku;
      await load();
      await Console.refreshNames();
    } catch (e) {
      Console.fail(box, e);
    }
  }

  async function uploadImage() {
    const f = $('image-file').files[0];
    const box = $('product-msg');
    if (!f || !editing) return;
    try {
      const r = await SSK.api('/api/v1/catalog/products/' + encodeURIComponent(editing) + '/image',
          {raw: f, type: f.type || 'application/octet-stream'});
      $('product-image').src = r.image_url;
      $('f-image_url').value = r.image_url;
      Console.say(box, '图片已上传 Image uploaded', true);
      $('image-file').value = '';
      load();
    } catch (e) {
      Console.fail(box, e);
    }
  }

  async function importFile(input, url, box) {
    const f = input.files[0];
    if (!f) return;
    const what = url.includes('planogram') ? '货道配置 the planogram' : '商品表 the products';
    if (!await SskConfirm('导入“' + f.name + '”？表中的每一行将替换' + what + '中同编号的记录，展示屏随即更新。'
        + ' Import "' + f.name + '"? Each row replaces the same entry of ' + what.split(' ').slice(1).join(' ')
        + ' and the kiosks update at once.', '导入 Import')) {
      input.value = '';
      return;
    }
    try {
      const r = await SSK.api(url, {raw: f, type: Console.tableType(f)});
      Console.say(box, '已导入 Imported ' + r.imported + ' 行 rows', true);
      await load();
      await Console.refreshNames();
    } catch (e) {
      Console.fail(box, e);
    } finally {
      input.value = '';
    }
  }

  async function loadPlanogram() {
    try {
      planogram = await SSK.api('/api/v1/catalog/shelves');
    } catch (e) {
      Console.fail($('plano-msg'), e);
      return;
    }
    const sel = $('plano-shelf');
    const was = sel.value;
    sel.textContent = '';
    for (const s of planogram) {
      const o = el('option', s.shelf + ' · ' + s.name);
      o.value = s.shelf;
      sel.append(o);
    }
    if (was) sel.value = was;
    showLanes();
  }

  function laneRow(l) {
    const tr = el('tr');
    const lane = el('input');
    lane.value = l.lane;
    lane.className = 'lane';
    lane.size = 4;
    const sku = el('select');
    sku.className = 'sku';
    sku.append(Object.assign(el('option', '— 空 empty'), {value: ''}));
    for (const p of products) sku.append(Object.assign(el('option', p.sku + ' · ' + p.name_zh), {value: p.sku}));
    sku.value = l.sku || '';
    const grams = el('input');
    grams.type = 'number';
    grams.step = 'any';
    grams.min = '0';
    grams.className = 'grams';
    grams.value = l.unit_grams || '';
    const capacity = el('input');
    capacity.type = 'number';
    capacity.step = '1';
    capacity.min = '1';
    capacity.className = 'capacity';
    capacity.placeholder = '未知 unknown';
    capacity.setAttribute('aria-label', '货道 ' + l.lane + ' 满载件数 capacity');
    capacity.value = l.capacity == null ? '' : l.capacity;
    for (const input of [lane, sku, grams, capacity]) {
      const td = el('td');
      td.append(input);
      tr.append(td);
    }
    return tr;
  }

  function showLanes() {
    const s = planogram.find(x => x.shelf === $('plano-shelf').value);
    const tb = $('plano-table').querySelector('tbody');
    tb.textContent = '';
    if (!s) return;
    $('plano-name').value = s.name;
    s.lanes.forEach(l => tb.append(laneRow(l)));
  }

  async function saveLanes() {
    const id = $('plano-shelf').value;
    const rows = [...$('plano-table').querySelectorAll('tbody tr')];
    // A capacity the browser cannot read as a number is named here; the hub checks the rest (400 with the reason).
    const unreadable = rows.filter(tr => tr.querySelector('.capacity').validity.badInput);
    if (unreadable.length) {
      Console.say($('plano-msg'), '满载件数须为整数 Capacity must be a whole number: 货道 lane '
          + unreadable.map(tr => tr.querySelector('.lane').value.trim()).join(', '), false);
      return;
    }
    const lanes = rows.map(tr => ({
      lane: tr.querySelector('.lane').value.trim(), sku: tr.querySelector('.sku').value || null,
      unit_grams: Number(tr.querySelector('.grams').value) || 0,
      capacity: tr.querySelector('.capacity').value === '' ? null : Number(tr.querySelector('.capacity').value)}));
    try {
      const r = await SSK.api('/api/v1/catalog/shelves/' + encodeURIComponent(id),
          {method: 'PUT', json: {name: $('plano-name').value.trim(), lanes}});
      Console.say($('plano-msg'), '已保存，配置版本 Saved, config version ' + r.config_version, true);
      loadPlanogram();
    } catch (e) {
      Console.fail($('plano-msg'), e);
    }
  }

  buildForm();
  $('product-form').addEventListener('submit', save);
  $('product-new').addEventListener('click', () => edit(null));
  $('image-file').addEventListener('change', uploadImage);
  $('products-file').addEventListener('change', () => importFile($('products-file'), '/api/v1/catalog/products/import',
      $('products-import-msg')));
  $('planogram-file').addEventListener('change', () => importFile($('planogram-file'),
      '/api/v1/catalog/planogram/import', $('plano-msg')));
  $('plano-shelf').addEventListener('change', showLanes);
  $('plano-add').addEventListener('click', () => $('plano-table').querySelector('tbody')
      .append(laneRow({lane: String($('plano-table').querySelectorAll('tbody tr').length + 1), sku: '', unit_grams: '', capacity: null})));
  $('plano-save').addEventListener('click', saveLanes);
  Console.screens.catalog = {load};
})();
