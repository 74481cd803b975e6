// Starts the region console once every screen file has registered: sign in, then the screen of the URL.
(() => {
  'use strict';
  let timer = null;
  window.addEventListener('hashchange', () => Region.me && Region.show());
  SSK.start(async me => {
    Region.me = me;
    Region.zone = (await SSK.api('/api/v1/console/zone')).zone;
    Region.applyRole();
    Region.show();
    clearInterval(timer);
    timer = setInterval(() => Region.current === 'centers' && Region.screens.centers.load(), 15000);
  });
})();
