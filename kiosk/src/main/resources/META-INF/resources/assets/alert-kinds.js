// What each alert kind of the hub (GET /api/v1/alerts, "kind") means, in Chinese and English, for
// the console and the staff pages: people read words, never codes such as low_stock.
window.SskAlertKinds = {
  low_stock: '库存低，需要补货 Low stock: restock',
  unsold: '滞销：多日没有卖出 Unsold for days',
  shelf_offline: '货架离线 Shelf offline',
  sensor_fault: '传感器故障 Sensor fault',
  shelf_fault: '货架故障 Shelf fault',
  wrong_item: '商品放错货道 Item on the wrong lane',
  restock_mismatch: '补货数量不符 Restock count differs',
  certification_expiring: '扶贫认定即将到期 Certificate expiring',
  shelf_clock: '货架时钟不准，事件待核 Shelf clock off: events held for review',
  planogram_mismatch: '事件与陈列图不符，待核 Event not on the planogram: held for review',
  implausible_quantity: '数量超出货道容量，待核 Quantity beyond the lane: held for review',
  region_upload: '台账上报区域滞后 Ledger upload to the region lags',
  text(kind) {
    return this[kind] && typeof this[kind] === 'string' ? this[kind] : '预警 Alert (' + kind + ')';
  }
};
