// Region-admin screens: importing the certified-product list (CSV or XLSX sent as the request
// body, as the hub's imports) and the console's accounts (add, disable, enable).
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

  Region.screens.users = {
    admin: true,
    async load() {
      const body = document.querySelector('#user-table tbody');
      try {
        const users = await SSK.api('/api/v1/users');
        body.textContent = '';
        for (const u of users) {
          const tr = el('tr');
          Region.cell(tr, u.username);
          Region.cell(tr, u.role);
          Region.cell(tr, u.disabled ? '已停用 disabled' : '启用 enabled');
          const td = el('td');
          const b = el('button', u.disabled ? '启用 Enable' : '停用 Disable');
          b.type = 'button';
          b.addEventListener('click', async () => {
            try {
              await SSK.api('/api/v1/users/' + encodeURIComponent(u.username),
                  {method: 'PATCH', json: {disabled: !u.disabled}});
              Region.screens.users.load();
            } catch (e) {
              Region.say($('users-msg'), e.message, false);
            }
          });
          td.append(b);
          tr.append(td);
          body.append(tr);
        }
      } catch (e) {
        Region.say($('users-msg'), e.message, false);
      }
    }
  };

  $('user-form').addEventListener('submit', async ev => {
    ev.preventDefault();
    try {
      await SSK.api('/api/v1/users', {json: {username: $('new-user').value, role: $('new-role').value,
        password: $('new-password').value}});
      Region.say($('users-msg'), '已添加 Added ' + $('new-user').value, true);
      $('new-user').value = '';
      $('new-password').value = '';
      Region.screens.users.load();
    } catch (e) {
      Region.say($('users-msg'), e.message, false);
    }
  });
})();
