// Reports across centers: by center, county, producer, certified or not, day, week or month over
// days of the region's zone, as a chart and a table; the upward report as CSV and XLSX downloads for the same days.
(() => {
  'use strict';
  const {el, $} = Region;
  let chart = null;

  const today = () => Region.today();
  const monthStart = () => today().slice(0, 8) + '01';

  function links() {
    const q = '?from=' + encodeURIComponent($('from').value) + '&to=' + encodeURIComponent($('to').value);
    $('upward-csv').href = '/api/v1/console/upward.csv' + q;
    $('upward-xlsx').href = '/api/v1/console/upward.xlsx' + q;
  }

  async function show() {
    links();
    const q = '?from=' + encodeURIComponent($('from').value) + '&to=' + encodeURIComponent($('to').value);
    $('report-error').textContent = '';
    const body = document.querySelector('#report tbody');
    const foot = document.querySelector('#report tfoot');
    try {
      const r = await SSK.api('/api/v1/console/reports/' + $('dimension').value + q);
      body.textContent = '';
      foot.textContent = '';
      const row = (x, parent) => {
        const tr = el('tr');
        tr.dataset.key = x.key;
        Region.cell(tr, x.label);
        Region.cell(tr, x.units, 'num units');
        Region.cell(tr, Region.yuan(x.amount_fen), 'num amount');
        Region.cell(tr, x.households, 'num households');
        parent.append(tr);
      };
      r.rows.forEach(x => row(x, body));
      row(r.total, foot);
      document.getElementById('report').dataset.shown = r.dimension + ' ' + r.from + ' ' + r.to;
      draw(r);
    } catch (e) {
      $('report-error').textContent = e.message;
    }
  }

  function draw(r) {
    const data = {
      labels: r.rows.map(x => x.label),
      datasets: [{label: '金额 Amount (¥)', data: r.rows.map(x => x.amount_fen / 100), backgroundColor: '#2f6b3f'},
        {label: '销量 Units', data: r.rows.map(x => x.units), backgroundColor: '#c8a03a'}]
    };
    if (chart) {
      chart.data = data;
      chart.update();
    } else {
      chart = new Chart($('chart'), {type: 'bar', data, options: {maintainAspectRatio: false, animation: false,
        plugins: {title: {display: true, text: '销售 Sales'}}}});
    }
  }

  $('report-form').addEventListener('submit', ev => {
    ev.preventDefault();
    show();
  });
  $('from').addEventListener('change', links);
  $('to').addEventListener('change', links);

  Region.screens.reports = {
    load() {
      if (!$('to').value) $('to').value = today();
      if (!$('from').value) $('from').value = monthStart();
      show();
    }
  };
})();
