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
    let start = mid(pts[n - 1], pts[0]);
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
    // Each level sits inside the one above, shifted by its own name so the nesting looks like a map.
    let box = {cx: W / 2, cy: H / 2 + 4, rx: W / 2 - 6, ry: H / 2 - 10};
    const boxes = [];
    LEVELS.forEach((level, i) => {
      if (i > 0) {
        const r = seed(names[i] + '#')();
        const rx = box.rx * 0.62;
        const ry = box.ry * 0.66;
        box = {cx: box.cx + (r - 0.5) * (box.rx - rx) * 0.9, cy: box.cy + (0.12 + r * 0.1) * ry, rx, ry};
      }
      boxes.push(box);
      root.append(el('path', {d: blob(box.cx, box.cy, box.rx, box.ry, names[i] || level.key),
        fill: level.fill, stroke: level.stroke, 'stroke-width': i === 2 ? 2.5 : 1.5,
        class: 'region-' + level.key}));
    });
    const labels = [
      {text: origin.province, x: 8, y: 17, cls: 'province'},
      {text: origin.city, x: boxes[1].cx - boxes[1].rx * 0.55, y: boxes[1].cy - boxes[1].ry * 0.55, cls: 'city'},
    ];
    for (const l of labels) {
      if (l.text) root.append(el('text', {x: l.x.toFixed(1), y: l.y.toFixed(1), class: 'label label-' + l.cls}, l.text));
    }
    const c = boxes[2];
    const r = seed((origin.village || origin.town || origin.county) + '@');
    const vx = c.cx + (r() - 0.5) * c.rx * 0.6;
    const vy = c.cy + (r() - 0.3) * c.ry * 0.5;
    root.append(el('text', {x: c.cx.toFixed(1), y: (c.cy - c.ry * 0.42).toFixed(1), class: 'label label-county',
      'text-anchor': 'middle'}, origin.county));
    const spot = origin.village || origin.town;
    if (spot) {
      root.append(el('circle', {cx: vx.toFixed(1), cy: vy.toFixed(1), r: 11, class: 'village-halo'}));
      root.append(el('circle', {cx: vx.toFixed(1), cy: vy.toFixed(1), r: 5.5, class: 'village'}));
      const right = vx < W - 70;
      root.append(el('text', {x: (vx + (right ? 14 : -14)).toFixed(1), y: (vy + 5).toFixed(1),
        'text-anchor': right ? 'start' : 'end', class: 'label label-village'}, spot));
    }
    return root;
  }

  window.SskRegion = {svg};
})();
