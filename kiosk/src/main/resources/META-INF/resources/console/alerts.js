// Console screen "alerts": the open alerts, who acknowledged each and when, and an acknowledge
// button. Acknowledging does not clear an alert; it clears when resolved.
(() => {
  'use strict';
  const {$, el} = Console;
  const KINDS = {low_stock: '库存低 Low stock', unsold: '滞销 Unsold', shelf_offline: '货架离线 Shelf offline',
    sensor_fault: '传感器故障 Sensor fault', shelf_fault: '货架故障 Shelf fault', wrong_item: '放错商品 Wrong item',
    restock_mismatch: '补货不符 Restock mismatch', certification_expiring: '认定将到期 Certificate expiring'};

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
        text.append(el('strong', KINDS[a.kind] || a.kind), el('span', ' · ' + (a.detail || '')),
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
    } catch (e) {
      ul.textContent = '';
      ul.append(el('li', '无法读取预警 Cannot load alerts: ' + e.message, 'error'));
    }
  }

  Console.screens.alerts = {load};
})();
