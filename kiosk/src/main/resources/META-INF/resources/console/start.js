// Starts the console once every screen file has registered: sign in, then the screen of the URL.
(() => {
  'use strict';
  let timers = [];
  window.addEventListener('hashchange', () => Console.me && Console.show());
  SSK.start(async me => {
    Console.me = me;
    Console.applyRole();
    await Promise.all([Console.refreshNames(), SskCenter.ready]);
    Console.show();
    timers.forEach(clearInterval);
    Console.refreshBadge();
    timers = [
      setInterval(() => Console.refreshBadge(), 15000),
      setInterval(() => Console.current === 'dashboard' && Console.screens.dashboard.load(), 15000),
      setInterval(() => Console.current === 'shelves' && Console.screens.shelves.load(), 5000),
      setInterval(() => Console.current === 'alerts' && Console.screens.alerts.load(), 15000)
    ];
  });
})();
