// Text that does not fit its box is never cut: every .scroller whose .scroll-body holds more than
// it shows gets the class "overflowing" (a visible "more ▼" cue and a fade at the bottom edge) and
// scrolls itself slowly: a pause to start reading, about one line every two seconds, a pause at
// the end, then back to the top. Boxes that fit stay still. One animation loop for the page.
(() => {
  'use strict';
  const START_PAUSE_MS = 4000;
  const END_PAUSE_MS = 3000;
  const LINES_PER_S = 0.5;
  const state = new WeakMap(); // scroller -> {phase, since, pos}

  // The box that scrolls is the .scroll-body; the cue sits still in the .scroller around it.
  const body = el => el.querySelector('.scroll-body') || el;

  function reset(el) {
    if (!el) return;
    state.set(el, {phase: 'start', since: performance.now(), pos: 0});
    body(el).scrollTop = 0;
  }

  function step(now) {
    for (const el of document.querySelectorAll('.scroller')) {
      if (!el.offsetParent) continue; // not shown
      const b = body(el);
      const over = b.scrollHeight - b.clientHeight;
      const overflowing = over > 2;
      el.classList.toggle('overflowing', overflowing);
      let s = state.get(el);
      if (!s) {
        reset(el);
        s = state.get(el);
      }
      if (!overflowing) {
        if (b.scrollTop) b.scrollTop = 0;
        s.phase = 'start';
        s.since = now;
        s.pos = 0;
        continue;
      }
      const line = parseFloat(getComputedStyle(el).fontSize) * 1.6 || 24;
      if (s.phase === 'start' && now - s.since > START_PAUSE_MS) {
        s.phase = 'scroll';
        s.since = now;
      } else if (s.phase === 'scroll') {
        s.pos = Math.min(over, s.pos + (now - s.since) / 1000 * line * LINES_PER_S);
        s.since = now;
        b.scrollTop = s.pos;
        if (s.pos >= over) {
          s.phase = 'end';
        }
      } else if (s.phase === 'end' && now - s.since > END_PAUSE_MS) {
        reset(el);
      }
      el.classList.toggle('at-end', s.phase === 'end');
    }
    requestAnimationFrame(step);
  }

  window.SskScroller = {reset};
  requestAnimationFrame(step);
})();
