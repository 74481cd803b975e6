// Asks before anything that cannot be taken back or books into the ledger (role changes, disabling
// an account, revoking a token, new shelf credentials, imports, a stock-take): an in-page dialog
// with what will happen in plain words, a cancel button (focused first) and a button naming the
// action. SskConfirm(text, action) resolves true only when that button is pressed.
(() => {
  'use strict';
  function make() {
    const d = document.createElement('dialog');
    d.id = 'confirm-dialog';
    d.className = 'confirm';
    const p = document.createElement('p');
    p.id = 'confirm-text';
    const row = document.createElement('div');
    row.className = 'confirm-buttons';
    const cancel = document.createElement('button');
    cancel.type = 'button';
    cancel.id = 'confirm-cancel';
    cancel.textContent = '取消 Cancel';
    const ok = document.createElement('button');
    ok.type = 'button';
    ok.id = 'confirm-ok';
    ok.className = 'primary';
    row.append(cancel, ok);
    d.append(p, row);
    document.body.append(d);
    return d;
  }

  window.SskConfirm = (text, action) => new Promise(resolve => {
    const d = document.getElementById('confirm-dialog') || make();
    d.querySelector('#confirm-text').textContent = text;
    d.querySelector('#confirm-ok').textContent = action || '确定 Confirm';
    const finish = answer => {
      d.querySelector('#confirm-ok').onclick = null;
      d.querySelector('#confirm-cancel').onclick = null;
      d.onclose = null;
      if (d.open) d.close();
      resolve(answer);
    };
    d.querySelector('#confirm-ok').onclick = () => finish(true);
    d.querySelector('#confirm-cancel').onclick = () => finish(false);
    d.onclose = () => finish(false);
    d.showModal();
    d.querySelector('#confirm-cancel').focus();
  });
})();
