// The origin of a product as a small region graphic: province, city, county and village drawn as
// nested outlines, the village a highlighted dot. No map data: the outlines are schematic shapes
// seeded by each region's name, so one county always looks the same and two counties differ.
// window.SskRegion.svg(origin) returns an <svg> element (class "region"), or null without origin.
(() => {
  'use strict';
  const NS = 'http://www.w3.org/2000/svg';
  const W = 260;
  const H = 170;
  const LEVELS = [
    {key: 'province', fill: '#e3efe5', stroke: '#8fb89a'},
    {key: 'city', fill: '#cfe3d4', stroke: '#6f9f7d'},
    {key: 'county', fill: '#a9cdb2', stroke: '#2f6b3f'},
  ];

  function seed(text) {
    let h = 2166136261;
    for (const ch of text) h = Math.imul(h ^ ch.codePointAt(0), 16777619);
    return () => {
      h = Math.imul(h ^ (h >>> 15), 2246822507) ^ Math.imul(h ^ (h >>> 13), 3266489909);
      return ((h ^= h >>> 16) >>> 0) / 4294967296;
    };
  }

  // A closed blob around (cx, cy): radii jittered by the name, corners smoothed with quadratic curves.
  function blob(cx, cy, rx, ry, name) {
    const rnd = seed(name);
    const n = 11;
    const pts = [];
    for (let i = 0; i < n; i++) {
      const a = (i / n) * 2 * Math.PI;
      const k = 0.8 + 0.2 * rnd();
      pts.push([cx + Math.cos(a) * rx * k, cy + Math.sin(a) * ry * k]);
    }
    const mid = (p, q) => [(p[0] + q[0]) / 2, (p[1] + q[1]) / 2];
    const f = v => v.toFixed(1);
    const start = mid(pts[n - 1], pts[0]);
    let d = 'M' + f(start[0]) + ' ' + f(start[1]);
    for (let i = 0; i < n; i++) {
      const m = mid(pts[i], pts[(i + 1) % n]);
      d += 'Q' + f(pts[i][0]) + ' ' + f(pts[i][1]) + ' ' + f(m[0]) + ' ' + f(m[1]);
    }
    return d + 'Z';
  }

  function el(name, attrs, text) {
    const e = document.createElementNS(NS, name);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    if (text != null) e.textContent = text;
    return e;
  }

  function svg(origin) {
    if (!origin || !origin.county) return null;
    const root = el('svg', {viewBox: `0 0 ${W} ${H}`, class: 'region', role: 'img'});
    const names = [origin.province, origin.city, origin.county].map(x => x || '');
    root.append(el('title', {}, [origin.province, origin.city, origin.county, origin.town, origin.village]
        .filter(Boolean).join(' › ')));
    // The city sits inside the province, shifted by its name; the county in the city's right part,
    // leaving the left part for the city's label; the village dot in the county's upper half.
    const province = {cx: W / 2, cy: H / 2 + 4, rx: W / 2 - 6, ry: H / 2 - 10};
    const shift = seed(names[1] + '#')() - 0.5;
    const city = {cx: province.cx + shift * 40, cy: province.cy + 8, rx: province.rx * 0.64, ry: province.ry * 0.68};
    const county = {cx: city.cx + city.rx * 0.36, cy: city.cy + 2, rx: city.rx * 0.56, ry: city.ry * 0.74};
    [province, city, county].forEach((box, i) => {
      const level = LEVELS[i];
      root.append(el('path', {d: blob(box.cx, box.cy, box.rx, box.ry, names[i] || level.key),
        fill: level.fill, stroke: level.stroke, 'stroke-width': i === 2 ? 2.5 : 1.5, class: 'region-' + level.key}));
    });
    const label = (text, x, y, cls, anchor) => {
      if (!text) return;
      root.append(el('text', {x: x.toFixed(1), y: y.toFixed(1), 'text-anchor': anchor, class: 'label label-' + cls}, text));
    };
    label(origin.province, 8, 18, 'province', 'start');
    label(origin.city, city.cx - city.rx * 0.9, city.cy + city.ry * 0.5, 'city', 'start');
    label(origin.county, county.cx, county.cy + county.ry * 0.62, 'county', 'middle');
    const spot = origin.village || origin.town;
    if (spot) {
      const vx = county.cx + (seed(spot + '@')() - 0.5) * county.rx * 0.5;
      const vy = county.cy - county.ry * 0.3;
      root.append(el('circle', {cx: vx.toFixed(1), cy: vy.toFixed(1), r: 11, class: 'village-halo'}));
      root.append(el('circle', {cx: vx.toFixed(1), cy: vy.toFixed(1), r: 5.5, class: 'village'}));
      // The label reads leftwards, over the city's free part, so a long village name stays inside.
      label(spot, vx - 12, vy + 6, 'village', 'end');
    }
    return root;
  }

  window.SskRegion = {svg};
})();
