// Console screen "users" (admins), as the region console's: accounts with role (changed in place),
// state, and actions: enable/disable, reset password (the shared dialog, assets/password.js: typed
// twice or generated and shown once), delete; kiosk display tokens (the token and the kiosk URL are
// shown once, when issued); each shelf's MQTT credentials (the password is shown once). Other roles
// get the hub's 403, explained. Screen "account" (everyone): their own new password, the old one
// required (assets/own-password.js, shared with the region). Destructive changes ask first
// (assets/confirm.js); what the hub refuses (the last admin: 409) is said in the page.
(() => {
  'use strict';
  const {$, el} = Console;
  const ROLES = ['staff', 'operator', 'admin'];
  const user = name => '/api/v1/users/' + encodeURIComponent(name);

  function button(text, onClick, cls) {
    const b = el('button', text, cls);
    b.type = 'button';
    b.addEventListener('click', onClick);
    return b;
  }

  // Shows a secret once: it is not stored anywhere the page can read again.
  function showSecret(title, lines) {
    const box = $('secret-box');
    box.textContent = '';
    box.append(el('strong', title), el('p', '只显示这一次，请现在复制。 Shown only now: copy it.', 'muted'));
    for (const [label, value] of lines) {
      const row = el('div');
      const code = el('code', value);
      code.className = 'secret-value';
      row.append(el('span', label + ' '), code);
      box.append(row);
    }
    box.append(button('关闭 Close', () => {
      box.hidden = true;
      box.textContent = '';
    }));
    box.hidden = false;
    box.scrollIntoView({block: 'nearest'});
  }

  async function act(work, done) {
    try {
      await work();
      Console.say($('users-msg'), done, true);
    } catch (e) {
      Console.fail($('users-msg'), e);
    }
    load();
  }

  function change(name, body, done) {
    return act(() => SSK.api(user(name), {method: 'PATCH', json: body}), done);
  }

  async function loadUsers() {
    const users = await SSK.api('/api/v1/users');
    const tb = $('user-table').querySelector('tbody');
    tb.textContent = '';
    for (const u of users) {
      const tr = el('tr');
      tr.dataset.user = u.username;
      const role = el('select');
      role.className = 'role';
      for (const r of ROLES) role.append(Object.assign(el('option', r), {value: r}));
      role.value = u.role;
      role.addEventListener('change', async () => {
        const to = role.value;
        if (!await SskConfirm('把 ' + u.username + ' 的角色从 ' + u.role + ' 改为 ' + to + '？TA 的登录会话将结束。'
            + ' Change ' + u.username + ' from ' + u.role + ' to ' + to + '? Their sessions end.', '更改角色 Change role')) {
          role.value = u.role;
          return;
        }
        change(u.username, {role: to}, '角色已更改 Role changed: ' + u.username + ' → ' + to);
      });
      const roleCell = el('td');
      roleCell.append(role);
      const actions = el('td', null, 'actions');
      actions.append(button(u.disabled ? '启用 Enable' : '停用 Disable', async () => {
        if (!u.disabled && !await SskConfirm('停用 ' + u.username + '？TA 将立即退出且无法登录，直到重新启用。'
            + ' Disable ' + u.username + '? They are signed out at once and cannot sign in until enabled again.',
        '停用 Disable')) return;
        change(u.username, {disabled: !u.disabled}, (u.disabled ? '已启用 Enabled: ' : '已停用 Disabled: ') + u.username);
      }, 'toggle'),
      button('重设密码 Reset password', async () => {
        const done = await SSK.resetPassword(u.username,
            password => SSK.api(user(u.username) + '/password', {json: {password}}));
        if (done) Console.say($('users-msg'), '密码已重设，TA 的登录会话已结束 Password reset, their sessions ended: '
            + u.username, true);
      }, 'reset'),
      button('删除 Delete', async () => {
        if (!await SskConfirm('删除账户 ' + u.username + '？TA 将立即退出，账户无法恢复。'
            + ' Delete the account ' + u.username + '? They are signed out at once; it cannot be undone.',
        '删除 Delete')) return;
        act(() => SSK.api(user(u.username), {method: 'DELETE'}), '已删除 Deleted: ' + u.username);
      }, 'delete'));
      tr.append(el('td', u.username), roleCell, el('td', u.disabled ? '已停用 disabled' : '正常 active'), actions);
      tb.append(tr);
    }
  }

  async function loadTokens() {
    const tokens = await SSK.api('/api/v1/kiosk-tokens');
    const tb = $('token-table').querySelector('tbody');
    tb.textContent = '';
    for (const t of tokens) {
      const tr = el('tr');
      const revoke = button('吊销 Revoke', async () => {
        if (!await SskConfirm('吊销展示屏令牌“' + t.label + '”？使用它的展示屏将立即断开，需要新令牌才能再显示。'
            + ' Revoke the kiosk token "' + t.label + '"? Screens using it disconnect at once and need a new token.',
        '吊销 Revoke')) return;
        try {
          await SSK.api('/api/v1/kiosk-tokens/' + encodeURIComponent(t.id), {method: 'DELETE'});
          loadTokens();
        } catch (e) {
          Console.fail($('users-msg'), e);
        }
      });
      const cell = el('td');
      cell.append(revoke);
      tr.append(el('td', t.label), el('td', t.shelf || '全部（旧令牌，请重发） all (old token: reissue)'),
          el('td', Console.time(t.created_ms)), cell);
      tb.append(tr);
    }
  }

  async function loadCredentials() {
    const issued = {};
    for (const c of await SSK.api('/api/v1/shelf-credentials')) issued[c.shelf] = c.created_ms;
    const tb = $('cred-table').querySelector('tbody');
    tb.textContent = '';
    const sel = $('token-shelf');
    sel.textContent = '';
    for (const s of Console.shelves) {
      sel.append(Object.assign(el('option', s.shelf + ' · ' + (s.name || '')), {value: s.shelf}));
      const tr = el('tr');
      const cell = el('td');
      cell.append(button(issued[s.shelf] ? '重新发放 Reissue' : '发放 Issue', async () => {
        if (!await SskConfirm(issued[s.shelf]
            ? '为货架 ' + s.shelf + ' 重新发放 MQTT 凭据？旧密码立即失效，货架在填入新密码前无法上报。'
              + ' Reissue shelf ' + s.shelf + '\'s MQTT credentials? The old password stops working at once; the shelf'
              + ' cannot report until the new one is entered on it.'
            : '为货架 ' + s.shelf + ' 发放 MQTT 凭据？密码只显示一次。 Issue MQTT credentials for shelf ' + s.shelf
              + '? The password is shown once.', issued[s.shelf] ? '重新发放 Reissue' : '发放 Issue')) return;
        try {
          const r = await SSK.api('/api/v1/shelves/' + encodeURIComponent(s.shelf) + '/credentials', {method: 'POST'});
          showSecret('货架 ' + s.shelf + ' 的 MQTT 凭据 MQTT credentials', [['用户名 username', r.username],
            ['密码 password', r.password]]);
          loadCredentials();
        } catch (e) {
          Console.fail($('users-msg'), e);
        }
      }));
      tr.append(el('td', s.shelf), el('td', issued[s.shelf] ? Console.time(issued[s.shelf]) : '未发放 none'), cell);
      tb.append(tr);
    }
  }

  async function load() {
    try {
      await loadUsers();
      document.querySelector('#users .admin-only').hidden = false;
      await Promise.all([loadTokens(), loadCredentials()]);
    } catch (e) {
      if (e.status === 403) {
        document.querySelector('#users .admin-only').hidden = true;
        Console.say($('users-msg'), '只有管理员可以管理用户 Only admins manage users. ' + e.message, false);
      } else {
        Console.fail($('users-msg'), e);
      }
    }
  }

  $('user-form').addEventListener('submit', async ev => {
    ev.preventDefault();
    const name = $('new-user').value.trim();
    try {
      await SSK.api('/api/v1/users', {json: {username: name, role: $('new-role').value,
        password: $('new-password').value}});
      $('user-form').reset();
      Console.say($('users-msg'), '已添加 Added: ' + name, true);
      load();
    } catch (e) {
      Console.fail($('users-msg'), e);
    }
  });
  $('token-form').addEventListener('submit', async ev => {
    ev.preventDefault();
    try {
      const r = await SSK.api('/api/v1/kiosk-tokens', {json: {label: $('token-label').value.trim(), shelf: $('token-shelf').value}});
      const url = location.origin + '/kiosk/' + encodeURIComponent($('token-shelf').value) + '?token='
          + encodeURIComponent(r.token);
      showSecret('展示屏令牌 Kiosk token: ' + r.label, [['令牌 token', r.token], ['展示屏地址 kiosk URL', url]]);
      $('token-form').reset();
      loadTokens();
    } catch (e) {
      Console.fail($('users-msg'), e);
    }
  });
  Console.screens.users = {load};

  Console.screens.account = {
    load() {
      $('account-name').textContent = Console.me ? Console.me.username + ' (' + Console.me.role + ')' : '';
    }
  };
  SSK.ownPassword($('own-password'), Console.say);
})();
