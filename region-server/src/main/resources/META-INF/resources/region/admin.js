// Region-admin screen: importing the certified-product list (CSV or XLSX sent as the request
// body, as the hub's imports). The accounts screen is users.js.
(() => {
  'use strict';
  const {el, $} = Region;
  const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

  Region.screens.certified = {
    admin: true,
    load() {
      $('certified-msg').textContent = '';
    }
  };

  $('certified-form').addEventListener('submit', async ev => {
    ev.preventDefault();
    const file = $('certified-file').files[0];
    if (!file) {
      Region.say($('certified-msg'), '请选择文件 Choose a file', false);
      return;
    }
    const xlsx = file.name.toLowerCase().endsWith('.xlsx');
    const q = $('certified-replace').checked ? '?replace=true' : '';
    try {
      const r = await SSK.api('/api/v1/certified/import' + q, {raw: await file.arrayBuffer(),
        type: xlsx ? XLSX : 'text/csv'});
      Region.say($('certified-msg'), '已导入 Imported: 版本 version ' + r.version + ', 新增 added ' + r.added
          + ', 更新 updated ' + r.updated + ', 删除 removed ' + r.removed + ', 未变 unchanged ' + r.unchanged, true);
    } catch (e) {
      Region.say($('certified-msg'), e.message, false, e.body && e.body.errors);
    }
  });
})();
