// Operator console core: one screen at a time (the URL's #hash), what every screen shares (product
// names, shelves, formatting, messages), and which screens a role may open. Each screen file adds
// itself to Console.screens as {load()}. Data goes into the page as text only.
(() => {
  'use strict';
  const RANK = {kiosk: 0, staff: 1, operator: 2, admin: 3};
  const el = SSK.el;
  const $ = id => document.getElementById(id);

  const Console = {
    screens: {},
    names: {},
    shelves: [],
    me: null,
    $, el,
    can(need) {
      return Console.me != null && RANK[Console.me.role] >= RANK[need || 'staff'];
    },
    // Times in the center's zone (the hub's reports and exports count days in it).
    time(ms) {
      return SskCenter.time(ms);
    },
    // Shows a message in `box` (ok or error); `lines` are listed below it (row-by-row problems).
    say(box, text, ok, lines) {
      box.textContent = '';
      box.className = 'msg ' + (ok ? 'ok' : 'error');
      box.append(el('span', text));
      if (lines && lines.length) {
        const ul = el('ul');
        lines.forEach(l => ul.append(el('li', l)));
        box.append(ul);
      }
    },
    emptyRow(tbody, text) {
      const tr = el('tr');
      const td = el('td', text, 'muted');
      td.colSpan = 10;
      tr.append(td);
      tbody.append(tr);
    },
    fail(box, e) {
      Console.say(box, e.message, false, e.body && e.body.errors);
    },
    async refreshNames() {
      try {
        const cards = await SSK.api('/api/v1/products');
        for (const c of cards) Console.names[c.sku] = c.name_zh + ' ' + (c.spec || '');
      } catch (e) {
        // Names are a nicety: screens fall back to SKUs.
      }
      try {
        Console.shelves = await SSK.api('/api/v1/shelves');
      } catch (e) {
        Console.shelves = [];
      }
    },
    // Opens the screen named by the URL hash (the first one the role may see otherwise).
    show() {
      const first = Console.can('operator') ? 'dashboard' : 'shelves';
      const want = (location.hash || '#' + first).slice(1);
      const name = Console.screens[want] ? want : first;
      for (const s of document.querySelectorAll('main > .screen')) s.hidden = s.id !== name;
      for (const a of document.querySelectorAll('#nav a')) {
        a.classList.toggle('current', a.getAttribute('href') === '#' + name);
      }
      $('center-title').textContent = SskCenter.name('zh') || '消费扶贫中心';
      Console.current = name;
      Console.screens[name].load();
    },
    // The number of open, unacknowledged alerts beside "Alerts" in the menu (hidden at zero).
    badge(n) {
      const b = $('alert-badge');
      b.hidden = !n;
      b.textContent = n ? String(n) : '';
      b.setAttribute('aria-label', n + ' 条未处理预警 open alerts');
    },
    async refreshBadge() {
      try {
        const alerts = await SSK.api('/api/v1/alerts');
        Console.badge(alerts.filter(a => !a.acknowledged_by).length);
      } catch (e) {
        // The badge is a hint; the alerts screen says what went wrong.
      }
    },
    applyRole() {
      for (const a of document.querySelectorAll('#nav a[data-need]')) a.hidden = !Console.can(a.dataset.need);
    }
  };
  window.Console = Console;
})();
