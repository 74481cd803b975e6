// Console screen "alerts": the open alerts, who acknowledged each and when, and an acknowledge
// button. Acknowledging does not clear an alert; it clears when resolved.
(() => {
  'use strict';
  const {$, el} = Console;

  async function ack(a, button, ul) {
    button.disabled = true;
    try {
      await SSK.api('/api/v1/alerts/' + encodeURIComponent(a.id) + '/ack', {method: 'POST'});
      await load();
    } catch (e) {
      button.disabled = false;
      ul.prepend(el('li', '确认失败 Could not acknowledge: ' + e.message, 'error'));
    }
  }

  async function load() {
    const ul = $('alert-list');
    try {
      const alerts = await SSK.api('/api/v1/alerts');
      ul.textContent = '';
      for (const a of alerts) {
        const li = el('li', null, a.acknowledged_by ? 'acked' : '');
        li.dataset.kind = a.kind;
        li.dataset.id = a.id;
        const text = el('div');
        text.append(el('strong', SskAlertKinds.text(a.kind)), el('span', ' · ' + (a.detail || '')),
            el('div', (a.shelf ? a.shelf + (a.lane ? '/' + a.lane : '') + ' · ' : '') + '发生 raised '
                + Console.time(a.raised_ms), 'muted'));
        li.append(text);
        if (a.acknowledged_by) {
          li.append(el('span', '已确认 Acknowledged: ' + a.acknowledged_by + ' · ' + Console.time(a.acknowledged_ms),
              'ack-by'));
        } else {
          const b = el('button', '确认 Acknowledge');
          b.type = 'button';
          b.className = 'ack';
          b.addEventListener('click', () => ack(a, b, ul));
          li.append(b);
        }
        ul.append(li);
      }
      if (!alerts.length) ul.append(el('li', '没有未处理的预警 No open alerts', 'muted'));
      Console.badge(alerts.filter(a => !a.acknowledged_by).length);
    } catch (e) {
      ul.textContent = '';
      ul.append(el('li', '无法读取预警 Cannot load alerts: ' + e.message, 'error'));
    }
  }

  Console.screens.alerts = {load};
})();
