// Console, ledger screen, section "quarantine" (隔离): shelf events the hub found implausible at
// ingest (time far from the hub's clock, lane or SKU not on the shelf's planogram, more items
// than the lane holds). They count in no total until an operator releases one; rejecting keeps it
// out for good. Both are recorded in the ledger with the operator's name. Self-contained: it adds
// its list to the ledger screen's load.
(() => {
  'use strict';
  const {$, el} = Console;
  const KINDS = {shelf_clock: '货架时钟 Shelf clock', planogram_mismatch: '货道不符 Planogram mismatch',
    implausible_quantity: '数量不可能 Implausible quantity'};

  async function decide(q, decision, row) {
    for (const b of row.querySelectorAll('button')) b.disabled = true;
    try {
      await SSK.api('/api/v1/ledger/quarantine/decisions', {json: {event_id: q.event_id, decision}});
      Console.say($('quarantine-msg'), (decision === 'release' ? '已放行 Released ' : '已驳回 Rejected ') + q.event_id,
          true);
      await load();
    } catch (e) {
      for (const b of row.querySelectorAll('button')) b.disabled = false;
      Console.fail($('quarantine-msg'), e);
    }
  }

  function button(text, cls, onClick) {
    const b = el('button', text, cls);
    b.type = 'button';
    b.addEventListener('click', onClick);
    return b;
  }

  async function load() {
    const tb = $('quarantine-table').querySelector('tbody');
    try {
      const held = await SSK.api('/api/v1/ledger/quarantine?state=pending');
      tb.textContent = '';
      for (const q of held) {
        const tr = el('tr');
        tr.dataset.kind = q.kind;
        tr.dataset.event = q.event_id;
        const actions = el('td');
        actions.append(button('放行 Release', 'release', () => decide(q, 'release', tr)),
            button('驳回 Reject', 'reject', () => decide(q, 'reject', tr)));
        tr.append(el('td', Console.time(q.received_ms)), el('td', q.type + ' · ' + q.event_id, 'ref'),
            el('td', q.shelf + '/' + q.lane), el('td', q.sku || '—', 'sku'), el('td', String(q.qty), 'num'),
            el('td', Console.time(q.t_ms)), el('td', (KINDS[q.kind] || q.kind) + ': ' + q.reason), actions);
        tb.append(tr);
      }
      if (!held.length) Console.emptyRow(tb, '没有待审的隔离事件 Nothing in quarantine');
    } catch (e) {
      tb.textContent = '';
      Console.emptyRow(tb, '无法读取隔离事件 Cannot load the quarantine: ' + e.message);
    }
  }

  const ledger = Console.screens.ledger;
  if (ledger) {
    Console.screens.ledger = {
      ...ledger,
      load() {
        ledger.load();
        return load();
      }
    };
  }
})();
