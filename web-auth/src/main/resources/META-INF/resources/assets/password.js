// The admin's dialog for a user's new password (hub and region consoles alike), in the page (never window.prompt): typed twice, or
// generated here and shown once, in the dialog, to note down; cancel or reset. What is wrong is said
// inline and the dialog stays open: too short or not the same (checked here), or what the hub refuses
// (its reason). SSK.resetPassword(username, save) resolves true once save(password) succeeded,
// false when the admin cancelled (button, Esc). The generated password is never kept by the page.
(() => {
  'use strict';
  const MIN = 10;
  const el = SSK.el;

  function input(id, label) {
    const wrap = el('label', label);
    const i = el('input');
    i.id = id;
    i.type = 'password';
    i.autocomplete = 'new-password';
    i.spellcheck = false;
    wrap.append(i);
    return wrap;
  }

  function button(id, text, type, cls) {
    const b = el('button', text, cls);
    b.id = id;
    b.type = type;
    return b;
  }

  function make() {
    const d = el('dialog', null, 'confirm password');
    d.id = 'password-dialog';
    const form = el('form');
    form.id = 'password-form';
    form.noValidate = true;
    const text = el('p');
    text.id = 'password-text';
    const shown = el('div', null, 'generated');
    shown.id = 'password-generated';
    shown.hidden = true;
    const code = el('code', '', 'secret-value');
    code.id = 'password-shown';
    shown.append(el('span', '生成的密码，只显示这一次，请现在记下： Generated password, shown only now: note it down.'),
        code);
    const error = el('p', '', 'error');
    error.id = 'password-error';
    error.setAttribute('role', 'alert');
    const row = el('div', null, 'confirm-buttons');
    row.append(button('password-generate', '生成密码 Generate', 'button'),
        button('password-cancel', '取消 Cancel', 'button'),
        button('password-ok', '重设密码 Reset password', 'submit', 'primary'));
    form.append(text, input('password-new', '新密码（至少 ' + MIN + ' 位） New password (' + MIN + '+ characters)'),
        input('password-again', '再输入一次 Type it again'), shown, error, row);
    d.append(form);
    document.body.append(d);
    return d;
  }

  // 16 characters from 96 random bits, letters and digits only: easy to read out and type.
  function generate() {
    const bytes = new Uint8Array(12);
    crypto.getRandomValues(bytes);
    return btoa(String.fromCharCode(...bytes)).replace(/\+/g, 'k').replace(/\//g, 'm');
  }

  SSK.resetPassword = (username, save) => new Promise(resolve => {
    const d = document.getElementById('password-dialog') || make();
    const $ = id => d.querySelector('#' + id);
    const [pw, again, error, ok] = [$('password-new'), $('password-again'), $('password-error'), $('password-ok')];
    $('password-text').textContent = '为 ' + username + ' 设置新密码，旧密码随即失效。'
        + ' Set a new password for ' + username + '; the old one stops working.';
    pw.value = '';
    again.value = '';
    error.textContent = '';
    $('password-generated').hidden = true;
    $('password-shown').textContent = '';
    ok.disabled = false;
    const typed = () => {
      error.textContent = '';
      $('password-generated').hidden = true;
      $('password-shown').textContent = '';
    };
    const finish = answer => {
      $('password-form').onsubmit = null;
      $('password-generate').onclick = null;
      $('password-cancel').onclick = null;
      pw.oninput = null;
      again.oninput = null;
      d.onclose = null;
      pw.value = '';
      again.value = '';
      $('password-shown').textContent = '';
      if (d.open) d.close();
      resolve(answer);
    };
    pw.oninput = typed;
    again.oninput = typed;
    $('password-generate').onclick = () => {
      const g = generate();
      pw.value = g;
      again.value = g;
      error.textContent = '';
      $('password-shown').textContent = g;
      $('password-generated').hidden = false;
      ok.focus();
    };
    $('password-cancel').onclick = () => finish(false);
    d.onclose = () => finish(false);
    $('password-form').onsubmit = async ev => {
      ev.preventDefault();
      if (pw.value.length < MIN) {
        error.textContent = '密码至少 ' + MIN + ' 位 The password needs at least ' + MIN + ' characters.';
        pw.focus();
        return;
      }
      if (pw.value !== again.value) {
        error.textContent = '两次输入不一致 The two entries differ.';
        again.focus();
        return;
      }
      ok.disabled = true;
      error.textContent = '';
      try {
        await save(pw.value);
        finish(true);
      } catch (e) {
        error.textContent = '没有重设 Not reset: ' + e.message;
        ok.disabled = false;
      }
    };
    d.showModal();
    pw.focus();
  });
})();
