// "My password" (hub and region consoles alike): the signed-in person's own new password, the old
// one required (POST /api/v1/auth/password: a wrong old one is refused and counted like a failed
// sign-in; their other sessions end, this one stays). SSK.ownPassword(host, say) puts the form into
// `host` and handles it; say(box, text, ok) is the page's way of showing a message. The fields are
// emptied after every try: no password stays in the page.
(() => {
  'use strict';
  const MIN = 10;
  const el = SSK.el;

  function field(id, label, autocomplete) {
    const wrap = el('label', label + ' ');
    const i = el('input');
    Object.assign(i, {id, type: 'password', required: true, autocomplete, spellcheck: false});
    if (autocomplete === 'new-password') i.minLength = MIN;
    wrap.append(i);
    return [wrap, i];
  }

  SSK.ownPassword = (host, say) => {
    const form = el('form', null, 'card-form');
    form.id = 'account-form';
    const [oldLabel, old] = field('own-old', '旧密码 Old password', 'current-password');
    const [freshLabel, fresh] = field('own-new', '新密码 New password (≥' + MIN + ')', 'new-password');
    const [againLabel, again] = field('own-again', '再输入一次 Again', 'new-password');
    const save = el('button', '更改密码 Change password', 'primary');
    save.type = 'submit';
    save.id = 'own-save';
    const msg = el('div', null, 'msg');
    msg.id = 'account-msg';
    msg.setAttribute('role', 'status');
    form.append(oldLabel, freshLabel, againLabel, save, msg);
    host.textContent = '';
    host.append(form);
    form.addEventListener('submit', async ev => {
      ev.preventDefault();
      if (fresh.value !== again.value) {
        say(msg, '两次输入不一致 The two entries differ.', false);
        return;
      }
      try {
        await SSK.api('/api/v1/auth/password', {json: {old_password: old.value, new_password: fresh.value}});
        say(msg, '密码已更改；其他登录会话已结束 Password changed; your other sessions ended.', true);
      } catch (e) {
        say(msg, e.message, false);
      }
      old.value = '';
      fresh.value = '';
      again.value = '';
    });
  };
})();
