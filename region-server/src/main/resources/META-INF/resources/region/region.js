// Region console core: one screen at a time (the URL's #hash), which screens a role may open, and
// the centers and entries screens. Each screen file adds itself to Region.screens as {load()}.
// Everything from the API goes into the page as text (textContent), never as HTML.
(() => {
  'use strict';
  const el = SSK.el;
  const $ = id => document.getElementById(id);

  const Region = {
    screens: {},
    me: null,
    // The region's zone (GET /api/v1/console/zone, at sign-in): its days are the reports' days.
    zone: 'UTC',
    $, el,
    admin() {
      return Region.me != null && Region.me.role === 'region-admin';
    },
    // Times in the region's zone, as it counts days: YYYY-MM-DD hh:mm:ss.
    time(ms) {
      return ms == null ? '—' : new Intl.DateTimeFormat('sv-SE', {timeZone: Region.zone, year: 'numeric',
        month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23'})
        .format(new Date(ms));
    },
    // Today in the region's zone, YYYY-MM-DD.
    today() {
      return new Intl.DateTimeFormat('en-CA', {timeZone: Region.zone}).format(new Date());
    },
    yuan(fen) {
      return (fen / 100).toFixed(2);
    },
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
    cell(tr, text, cls) {
      tr.append(el('td', text == null ? '—' : String(text), cls));
    },
    show() {
      const want = (location.hash || '#centers').slice(1);
      const name = Region.screens[want] && (!Region.screens[want].admin || Region.admin()) ? want : 'centers';
      for (const s of document.querySelectorAll('main > .screen')) s.hidden = s.id !== name;
      for (const a of document.querySelectorAll('#nav a')) {
        a.classList.toggle('current', a.getAttribute('href') === '#' + name);
      }
      Region.current = name;
      Region.screens[name].load();
    },
    applyRole() {
      for (const a of document.querySelectorAll('#nav a[data-need]')) a.hidden = !Region.admin();
    }
  };
  window.Region = Region;

  // Centers: last upload, lag in entries and seconds (red when behind), offline shelves, open alerts.
  Region.screens.centers = {
    async load() {
      const body = document.querySelector('#center-table tbody');
      try {
        const centers = await SSK.api('/api/v1/console/centers');
        body.textContent = '';
        for (const c of centers) {
          const tr = el('tr');
          tr.dataset.center = c.center;
          Region.cell(tr, c.name + ' (' + c.center + ')');
          Region.cell(tr, Region.time(c.last_upload_ms));
          Region.cell(tr, c.stored_through, 'num lag-stored');
          Region.cell(tr, c.lag_entries, 'num lag-entries' + (c.lag_entries > 0 ? ' low' : ''));
          Region.cell(tr, c.lag_seconds, 'num lag-seconds' + (c.lag_seconds > 0 ? ' low' : ''));
          Region.cell(tr, c.offline_shelves, 'num' + (c.offline_shelves > 0 ? ' low' : ''));
          Region.cell(tr, c.open_alerts, 'num' + (c.open_alerts > 0 ? ' low' : ''));
          Region.cell(tr, c.region_alerts, 'num' + (c.region_alerts > 0 ? ' low' : ''));
          const td = el('td');
          const a = el('a', '明细 Entries', 'btn drill');
          a.href = '#entries';
          a.addEventListener('click', () => {
            Region.screens.entries.center = c.center;
          });
          td.append(a);
          tr.append(td);
          body.append(tr);
        }
        if (!centers.length) {
          const tr = el('tr');
          const td = el('td', '还没有中心 No centers yet', 'muted');
          td.colSpan = 9;
          tr.append(td);
          body.append(tr);
        }
        $('centers-msg').textContent = '';
      } catch (e) {
        Region.say($('centers-msg'), e.message, false);
      }
    }
  };

  // One center's entries, newest first, a page at a time (keyset: before = the last seq shown).
  const PAGE = 50;
  let pages = [];
  Region.screens.entries = {
    center: null,
    async load() {
      const select = $('entries-center');
      try {
        const centers = await SSK.api('/api/v1/console/centers');
        select.textContent = '';
        for (const c of centers) {
          const o = el('option', c.name + ' (' + c.center + ')');
          o.value = c.center;
          select.append(o);
        }
        if (Region.screens.entries.center) select.value = Region.screens.entries.center;
        pages = [];
        if (select.value) await page(null);
      } catch (e) {
        $('entries-status').textContent = e.message;
      }
    }
  };

  async function page(before) {
    const center = $('entries-center').value;
    Region.screens.entries.center = center;
    const q = '?limit=' + PAGE + (before ? '&before=' + before : '');
    const body = document.querySelector('#entries-table tbody');
    try {
      const p = await SSK.api('/api/v1/console/centers/' + encodeURIComponent(center) + '/entries' + q);
      body.textContent = '';
      for (const e of p.entries) {
        const tr = el('tr');
        Region.cell(tr, e.seq, 'num');
        Region.cell(tr, Region.time(e.t_ms));
        Region.cell(tr, e.src);
        Region.cell(tr, e.kind);
        Region.cell(tr, e.sku);
        Region.cell(tr, e.qty, 'num');
        Region.cell(tr, e.src === 'sale_line' ? Region.yuan(e.amount_fen) : '', 'num');
        const h = el('td', e.hash.slice(0, 12) + '…', 'small');
        h.title = e.entry;
        tr.append(h);
        body.append(tr);
      }
      pages.push(p.next_before);
      $('entries-next').disabled = p.next_before == null;
      const first = p.entries.length ? p.entries[0].seq : 0;
      const last = p.entries.length ? p.entries[p.entries.length - 1].seq : 0;
      $('entries-status').textContent = center + ': ' + p.total + ' 条 entries'
          + (p.entries.length ? '; 显示 showing ' + last + '–' + first : '');
    } catch (e) {
      $('entries-status').textContent = e.message;
    }
  }

  $('entries-form').addEventListener('submit', ev => {
    ev.preventDefault();
    pages = [];
    page(null);
  });
  $('entries-first').addEventListener('click', () => {
    pages = [];
    page(null);
  });
  $('entries-next').addEventListener('click', () => {
    const before = pages[pages.length - 1];
    if (before != null) page(before);
  });
})();
