// Signing in for the console and staff pages: a sign-in screen, who is signed in with a sign-out
// button, and SSK.api(), which sends the session's CSRF token on every change and brings the
// sign-in screen back on any 401. Messages for 401/403/429 say what happened in Chinese and English.
// Data is only ever put in the page as text (textContent), never as HTML.
(() => {
  'use strict';
  let csrf = null;
  let me = null;
  let waiting = [];
  let onSignedIn = null;

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text != null) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }

  class ApiError extends Error {
    constructor(status, message, body) {
      super(message);
      this.status = status;
      this.body = body || {};
    }
  }

  function explain(status, body, headers) {
    if (status === 401) return '请重新登录 Please sign in again' + (body.reason ? ' (' + body.reason + ')' : '');
    if (status === 403) {
      return '没有权限 Not allowed for your role' + (me ? ' (' + me.role + ')' : '') + ': '
          + (body.reason || 'forbidden');
    }
    if (status === 429) {
      const s = headers && headers.get('Retry-After');
      return '尝试次数过多，请 ' + (s || '稍后') + ' 秒后再试 Too many attempts; try again in ' + (s || 'a few') + ' s';
    }
    if (status === 413) return '文件太大 File too large: ' + (body.reason || '');
    if (status === 415) return '文件类型不对 Wrong file type: ' + (body.reason || '');
    return body.reason || body.message || ('HTTP ' + status);
  }

  // Calls the API. opts.json: a body sent as JSON; opts.raw + opts.type: a file sent as the body.
  // Resolves with the parsed JSON (null for an empty answer); rejects with an ApiError.
  async function api(url, opts = {}) {
    const method = opts.method || (opts.json !== undefined || opts.raw !== undefined ? 'POST' : 'GET');
    const headers = {};
    let body;
    if (opts.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(opts.json);
    } else if (opts.raw !== undefined) {
      headers['Content-Type'] = opts.type || 'application/octet-stream';
      body = opts.raw;
    }
    if (method !== 'GET' && csrf) headers['X-CSRF-Token'] = csrf;
    const r = await fetch(url, {method, headers, body, credentials: 'same-origin'});
    const text = await r.text();
    let data = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch (e) {
      data = {reason: text.slice(0, 200)};
    }
    if (r.status === 401 && !opts.signingIn) {
      showSignIn(explain(401, data || {}));
      throw new ApiError(401, explain(401, data || {}), data);
    }
    if (!r.ok) throw new ApiError(r.status, explain(r.status, data || {}, r.headers), data);
    return data;
  }

  function screen() {
    let s = document.getElementById('signin');
    if (s) return s;
    s = el('section', null, 'signin');
    s.id = 'signin';
    s.hidden = true;
    const form = el('form');
    form.id = 'signin-form';
    form.append(el('h2', '登录 Sign in'));
    const user = el('input');
    Object.assign(user, {id: 'signin-user', name: 'username', autocomplete: 'username', required: true});
    const pass = el('input');
    Object.assign(pass, {id: 'signin-password', name: 'password', type: 'password',
      autocomplete: 'current-password', required: true});
    const lu = el('label', '用户名 User name');
    lu.append(user);
    const lp = el('label', '密码 Password');
    lp.append(pass);
    const msg = el('p', '', 'error');
    msg.id = 'signin-message';
    msg.setAttribute('role', 'alert');
    const go = el('button', '登录 Sign in', 'primary');
    go.type = 'submit';
    go.id = 'signin-submit';
    form.append(lu, lp, go, msg);
    form.addEventListener('submit', async e => {
      e.preventDefault();
      msg.textContent = '';
      go.disabled = true;
      try {
        const r = await api('/api/v1/auth/login', {json: {username: user.value, password: pass.value, session: 'cookie'},
          signingIn: true});
        csrf = r.csrf;
        pass.value = '';
        await signedIn({username: r.username, role: r.role, csrf: r.csrf});
      } catch (err) {
        msg.textContent = err.status === 401 ? '用户名或密码错误 Wrong user name or password' : err.message;
      } finally {
        go.disabled = false;
      }
    });
    s.append(form);
    document.body.append(s);
    return s;
  }

  function showSignIn(message) {
    const s = screen();
    me = null;
    csrf = null;
    document.body.classList.add('signed-out');
    s.hidden = false;
    document.getElementById('signin-message').textContent = message || '';
    renderWho();
    document.getElementById('signin-user').focus();
  }

  function renderWho() {
    const who = document.getElementById('who');
    if (!who) return;
    who.textContent = '';
    if (!me) return;
    const name = el('span', me.username + ' · ' + me.role);
    name.id = 'who-name';
    const out = el('button', '退出 Sign out');
    out.type = 'button';
    out.id = 'sign-out';
    out.addEventListener('click', async () => {
      try {
        await api('/api/v1/auth/logout', {method: 'POST', signingIn: true});
      } catch (e) {
        // Signed out on this side anyway: the cookie is cleared by the answer or expires.
      }
      showSignIn('已退出 Signed out');
    });
    who.append(name, out);
  }

  async function signedIn(who) {
    me = who;
    csrf = who.csrf || csrf;
    document.body.classList.remove('signed-out');
    screen().hidden = true;
    renderWho();
    const w = waiting;
    waiting = [];
    w.forEach(f => f(me));
    if (onSignedIn) await onSignedIn(me);
  }

  // Starts the page: shows the sign-in screen until someone is signed in, then calls ready(me)
  // (again after every later sign-in).
  async function start(ready) {
    onSignedIn = ready;
    screen();
    try {
      const who = await api('/api/v1/auth/me', {signingIn: true});
      await signedIn(who);
    } catch (e) {
      showSignIn(e.status === 401 ? '' : e.message);
    }
  }

  window.SSK = {api, start, el, ApiError, me: () => me};
})();
