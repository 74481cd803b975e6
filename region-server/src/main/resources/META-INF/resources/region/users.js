// Region console accounts. Region-admins ("users" screen): every account with its role (changed in
// place), state, and actions: enable/disable, reset password (the shared dialog, assets/password.js:
// typed twice or generated and shown once), delete; a form to add one. Everyone ("account" screen):
// their own new password, the old one required (assets/own-password.js, shared with the hub).
// Destructive changes ask first (assets/confirm.js); what the region refuses (the last
// region-admin: 409) is said in the page.
(() => {
  'use strict';
  const {el, $} = Region;
  const ROLES = ['region-viewer', 'region-admin'];
  const user = name => '/api/v1/users/' + encodeURIComponent(name);

  function button(text, cls, onClick) {
    const b = el('button', text, cls);
    b.type = 'button';
    b.addEventListener('click', onClick);
    return b;
  }

  async function act(work, done) {
    try {
      await work();
      Region.say($('users-msg'), done, true);
    } catch (e) {
      Region.say($('users-msg'), e.message, false);
    }
    Region.screens.users.load();
  }

  function row(u) {
    const tr = el('tr');
    tr.dataset.user = u.username;
    Region.cell(tr, u.username);
    const role = el('select', null, 'role');
    for (const r of ROLES) role.append(Object.assign(el('option', r), {value: r}));
    role.value = u.role;
    role.addEventListener('change', async () => {
      const to = role.value;
      if (!await SskConfirm('把 ' + u.username + ' 的角色从 ' + u.role + ' 改为 ' + to + '？立即生效。'
          + ' Change ' + u.username + ' from ' + u.role + ' to ' + to + '? It takes effect at once.',
      '更改角色 Change role')) {
        role.value = u.role;
        return;
      }
      act(() => SSK.api(user(u.username), {method: 'PATCH', json: {role: to}}),
          '角色已更改 Role changed: ' + u.username + ' → ' + to);
    });
    const roleCell = el('td');
    roleCell.append(role);
    tr.append(roleCell);
    Region.cell(tr, u.disabled ? '已停用 disabled' : '正常 active');
    const actions = el('td', null, 'actions');
    actions.append(button(u.disabled ? '启用 Enable' : '停用 Disable', 'toggle', async () => {
      if (!u.disabled && !await SskConfirm('停用 ' + u.username + '？TA 将立即退出且无法登录，直到重新启用。'
          + ' Disable ' + u.username + '? They are signed out at once and cannot sign in until enabled again.',
      '停用 Disable')) return;
      act(() => SSK.api(user(u.username), {method: 'PATCH', json: {disabled: !u.disabled}}),
          (u.disabled ? '已启用 Enabled: ' : '已停用 Disabled: ') + u.username);
    }), button('重设密码 Reset password', 'reset', async () => {
      const done = await SSK.resetPassword(u.username,
          password => SSK.api(user(u.username) + '/password', {json: {password}}));
      if (done) Region.say($('users-msg'), '密码已重设，TA 的登录会话已结束 Password reset, their sessions ended: '
          + u.username, true);
    }), button('删除 Delete', 'delete', async () => {
      if (!await SskConfirm('删除账户 ' + u.username + '？TA 将立即退出，账户无法恢复。'
          + ' Delete the account ' + u.username + '? They are signed out at once; it cannot be undone.',
      '删除 Delete')) return;
      act(() => SSK.api(user(u.username), {method: 'DELETE'}), '已删除 Deleted: ' + u.username);
    }));
    tr.append(actions);
    return tr;
  }

  Region.screens.users = {
    admin: true,
    async load() {
      const body = document.querySelector('#user-table tbody');
      try {
        const users = await SSK.api('/api/v1/users');
        body.textContent = '';
        for (const u of users) body.append(row(u));
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

  Region.screens.account = {
    load() {
      $('account-name').textContent = Region.me ? Region.me.username + ' (' + Region.me.role + ')' : '';
    }
  };
  SSK.ownPassword($('own-password'), Region.say);
})();
