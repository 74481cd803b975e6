// What a person checks on a screen, as functions over the live page (installed as window.sskChecks
// by PageChecks): text that does not fit or is too small, low contrast, small tap targets, Chinese
// drawn as tofu.
// Each returns a list of problems in words; an empty list means the page passes.
window.sskChecks = (() => {
  'use strict';
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
      + (el.classList.length ? '.' + [...el.classList].join('.') : '')
      + ' "' + (el.textContent || '').trim().slice(0, 24) + '"';
  const px = r => `[${Math.round(r.left)},${Math.round(r.top)} ${Math.round(r.width)}x${Math.round(r.height)}]`;

  // Visible: laid out, not hidden, and no ancestor faded out completely (the idle screen under cards).
  function visible(el) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) return false;
    for (let e = el; e; e = e.parentElement) {
      const cs = getComputedStyle(e);
      if (cs.display === 'none' || cs.visibility === 'hidden' || Number(cs.opacity) === 0) return false;
    }
    return true;
  }

  // Text cut by a box that scrolls it into view itself, with a visible cue (the kiosk's .scroller):
  // the reader has a way on, so that clipping is not a problem.
  function scrolledOn(el) {
    const s = el.closest('.scroller.overflowing');
    const cue = s && s.querySelector('.more');
    return !!cue && visible(cue);
  }

  const ownText = el => [...el.childNodes].some(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
  const textElements = () => [...document.body.querySelectorAll('*')]
      .filter(el => !(el instanceof SVGElement) && ownText(el) && visible(el));

  function layout(minTextPx) {
    const out = [];
    const vw = window.innerWidth;
    const vh = window.innerHeight;
    const root = document.scrollingElement;
    if (root.scrollWidth > vw) out.push(`page scrolls sideways: ${root.scrollWidth} > ${vw}`);
    if (root.scrollHeight > vh) out.push(`page scrolls down: ${root.scrollHeight} > ${vh}`);
    for (const el of document.body.querySelectorAll('*')) {
      if (el instanceof SVGElement && el.tagName !== 'svg') continue;
      if (!visible(el)) continue;
      const r = el.getBoundingClientRect();
      if (scrolledOn(el)) continue;
      if (r.left < -1 || r.top < -1 || r.right > vw + 1 || r.bottom > vh + 1) {
        out.push(`${name(el)} ${px(r)} leaves the ${vw}x${vh} screen`);
      }
    }
    for (const el of document.querySelectorAll('svg text')) {
      const size = parseFloat(getComputedStyle(el).fontSize) * el.getScreenCTM().a;
      if (visible(el) && el.textContent.trim() && size < minTextPx) {
        out.push(`${name(el)} in a graphic is drawn at ${size.toFixed(1)} px, below ${minTextPx}`);
      }
    }
    for (const el of textElements()) {
      const r = el.getBoundingClientRect();
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (size < minTextPx) out.push(`${name(el)} is set at ${size} px, below ${minTextPx}`);
      const range = document.createRange();
      range.selectNodeContents(el);
      const t = range.getBoundingClientRect();
      // Vertically, a CJK font's content area (ascent + descent, 1.45 em in Noto CJK) is taller than
      // a tight line-height; its glyphs still sit inside the em box, so a quarter em is allowed.
      const slack = parseFloat(getComputedStyle(el).fontSize) / 4;
      if (t.right > r.right + 1 || t.left < r.left - 1 || t.bottom > r.bottom + slack || t.top < r.top - slack) {
        out.push(`${name(el)}: text ${px(t)} overflows its box ${px(r)}`);
      }
      for (let a = el.parentElement; a && a !== document.documentElement; a = a.parentElement) {
        if (getComputedStyle(a).overflow === 'visible') continue;
        if (a.closest('.scroller') && scrolledOn(el)) break;
        const c = a.getBoundingClientRect();
        if (r.bottom > c.bottom + 1 || r.right > c.right + 1 || r.top < c.top - 1 || r.left < c.left - 1) {
          out.push(`${name(el)} ${px(r)} is cut off by ${name(a)} ${px(c)}`);
          break;
        }
      }
    }
    return out;
  }

  function rgba(css) {
    const m = css.match(/rgba?\(([^)]+)\)/);
    if (!m) return [0, 0, 0, 0];
    const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  }
  const over = (top, under, a) => [0, 1, 2].map(i => top[i] * a + under[i] * (1 - a));
  function luminance(c) {
    const [r, g, b] = c.map(v => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  }

  // The colour behind an element: its ancestors' background colours composed from the page down.
  function background(el) {
    const chain = [];
    for (let e = el; e; e = e.parentElement) chain.unshift(e);
    let bg = [255, 255, 255];
    for (const e of chain) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      bg = over(c, bg, c[3]);
    }
    return bg;
  }

  // WCAG 2 contrast of every visible text element, its opacity and its ancestors' included.
  function contrast(min) {
    const out = [];
    for (const el of textElements()) {
      const cs = getComputedStyle(el);
      let alpha = rgba(cs.color)[3];
      for (let e = el; e; e = e.parentElement) alpha *= Number(getComputedStyle(e).opacity);
      const bg = background(el);
      const fg = over(rgba(cs.color), bg, alpha);
      const [hi, lo] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
      const ratio = (hi + 0.05) / (lo + 0.05);
      if (ratio < min) out.push(`${name(el)}: contrast ${ratio.toFixed(2)}:1 (${cs.color} on rgb(${bg.map(Math.round)}))`);
    }
    return out;
  }

  function tapTargets(min) {
    return [...document.querySelectorAll('button, a[href], input, select, summary, [role=button], [onclick]')]
        .filter(visible).map(el => [el, el.getBoundingClientRect()])
        .filter(([, r]) => r.width < min || r.height < min)
        .map(([el, r]) => `${name(el)} is ${Math.round(r.width)}x${Math.round(r.height)} px`);
  }

  // Each CJK character on screen drawn in the element's own font, compared with the missing-glyph
  // box (U+0378 is unassigned, so no font has it): the same pixels, or a width that is not one em,
  // means tofu.
  function tofu() {
    const out = [];
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 64;
    const g = canvas.getContext('2d', {willReadFrequently: true});
    const draw = (font, ch) => {
      g.clearRect(0, 0, 64, 64);
      g.font = font;
      g.fillText(ch, 4, 48);
      return g.getImageData(0, 0, 64, 64).data.join();
    };
    const seen = new Set();
    let checked = 0;
    for (const el of textElements()) {
      const cs = getComputedStyle(el);
      const font = `${cs.fontWeight} 48px ${cs.fontFamily}`;
      const box = draw(font, '\u0378');
      for (const ch of el.textContent) {
        if (!/\p{Script=Han}/u.test(ch) || seen.has(font + ch)) continue;
        seen.add(font + ch);
        checked++;
        g.font = font;
        const w = g.measureText(ch).width;
        if (draw(font, ch) === box) out.push(`${ch} in ${name(el)} is drawn as a missing-glyph box`);
        else if (Math.abs(w - 48) > 0.5) out.push(`${ch} in ${name(el)} is ${w} px wide, not one em (48 px)`);
      }
    }
    if (checked === 0) out.push('no Chinese characters on screen to check');
    return out;
  }

  return {layout, contrast, tapTargets, tofu};
})();
