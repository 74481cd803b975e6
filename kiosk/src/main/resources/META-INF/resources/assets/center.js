// The center as every page shows it (GET /api/v1/center): its name, logo and the one time zone its
// days are counted in. Times and date pickers use that zone, never the browser's, so a report's
// "today" is the hub's today. Kept in localStorage for pages that start offline (kiosks).
(() => {
  'use strict';
  const KEY = 'ssk.center';
  const fallback = {name: '', name_en: '', time_zone: 'Asia/Shanghai', logo_url: null};
  let info = (() => {
    try {
      return JSON.parse(localStorage.getItem(KEY) || 'null') || fallback;
    } catch (e) {
      return fallback;
    }
  })();
  const ymd = (ms, zone) => new Intl.DateTimeFormat('en-CA', {timeZone: zone, year: 'numeric', month: '2-digit',
    day: '2-digit'}).format(new Date(ms));

  const Center = {
    get info() {
      return info;
    },
    get zone() {
      return info.time_zone || fallback.time_zone;
    },
    name(lang) {
      return (lang === 'en' ? info.name_en : info.name) || info.name || '';
    },
    // A moment as the center's clock shows it: 2026-12-05 14:03:09.
    time(ms) {
      if (ms == null) return '—';
      const p = {};
      for (const x of new Intl.DateTimeFormat('en-CA', {timeZone: Center.zone, year: 'numeric', month: '2-digit',
        day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23'}).formatToParts(new Date(ms))) {
        p[x.type] = x.value;
      }
      return p.year + '-' + p.month + '-' + p.day + ' ' + p.hour + ':' + p.minute + ':' + p.second;
    },
    // Today in the center's zone, as a date picker's value (yyyy-mm-dd).
    today() {
      return ymd(Date.now(), Center.zone);
    },
    monthStart() {
      return Center.today().slice(0, 8) + '01';
    },
    ready: fetch('/api/v1/center').then(r => r.ok ? r.json() : Promise.reject(new Error('HTTP ' + r.status)))
      .then(c => {
        info = c;
        try {
          localStorage.setItem(KEY, JSON.stringify(c));
        } catch (e) {
          // Only the offline copy is lost.
        }
        return c;
      }).catch(() => info)
  };
  window.SskCenter = Center;
})();
