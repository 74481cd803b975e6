// Operator console: live shelf map (polls the hub every 5 s), sales report by dimension with a
// chart, and the upward-report exports. Uses only endpoints the hub serves; a failed call shows a
// message in its section and the rest of the page keeps working.
"use strict";

const $ = (id) => document.getElementById(id);
const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
const LOW_STOCK = 1;
let names = {};
let chart = null;

async function getJson(url) {
  const r = await fetch(url, { cache: "no-store" });
  if (!r.ok) {
    let msg = r.status + "";
    try { msg = (await r.json()).message || msg; } catch (_) { /* body was not JSON: keep the status */ }
    throw new Error(msg);
  }
  return r.json();
}

async function loadNames() {
  try {
    for (const c of await getJson("/api/v1/products")) names[c.sku] = c.name_zh;
  } catch (e) {
    $("map-msg").textContent = "商品目录暂不可用 Catalog unavailable: " + e.message;
  }
}

async function refreshMap() {
  try {
    const shelves = await getJson("/api/v1/shelves");
    const details = await Promise.all(shelves.map((s) => getJson("/api/v1/shelves/" + encodeURIComponent(s.shelf))));
    const alerts = await openAlerts();
    $("shelves").innerHTML = details.map((s) => shelfHtml(s, alerts.filter((a) => a.shelf === s.shelf))).join("");
    $("alerts-box").hidden = alerts === NO_ALERTS;
    $("alerts").innerHTML = alerts.map(alertHtml).join("") || `<li class="muted">没有未处理的告警 No open alerts</li>`;
    $("map-msg").textContent = "";
  } catch (e) {
    $("map-msg").textContent = "无法连接中心服务器，显示的是上次的数据 Hub unreachable, showing the last data: " + e.message;
  }
}

// The hub answers 404 when it has no alert store; then the page shows no alert section at all.
const NO_ALERTS = [];
async function openAlerts() {
  const r = await fetch("/api/v1/alerts", { cache: "no-store" });
  if (r.status === 404) return NO_ALERTS;
  if (!r.ok) throw new Error("alerts " + r.status);
  return r.json();
}

function alertHtml(a) {
  const where = [a.shelf, a.lane && "货道 " + a.lane, a.sku && (names[a.sku] || a.sku)].filter(Boolean).join(" · ");
  return `<li class="alert" data-kind="${esc(a.kind)}"><b>${esc(a.kind)}</b> ${esc(where)} — ${esc(a.detail || a.subject)}`
    + ` <span class="muted">${new Date(a.raised_ms).toLocaleString("zh-CN")}</span></li>`;
}

function shelfHtml(s, alerts) {
  const rows = (s.stock || []).map((l) => {
    const low = l.sku && l.qty <= LOW_STOCK;
    return `<tr><td>${esc(l.lane)}</td><td>${esc(l.sku ? (names[l.sku] || l.sku) : "（空）")}</td>`
      + `<td class="lane-qty${low ? " low" : ""}">${esc(l.qty)}${low ? " 缺货预警" : ""}</td></tr>`;
  }).join("");
  return `<article class="shelf" data-shelf="${esc(s.shelf)}"><h3>${esc(s.shelf)} ${esc(s.name || "")}`
    + (s.online ? `<span class="badge on">在线 online</span>` : `<span class="badge off">离线 offline</span>`)
    + (s.restock ? `<span class="badge restock">补货中 restocking</span>` : "")
    + (alerts.length ? `<span class="badge off">${alerts.length} 告警 alerts</span>` : "")
    + `</h3><table><thead><tr><th>货道 Lane</th><th>商品 Product</th><th class="lane-qty">库存 Stock</th></tr></thead>`
    + `<tbody>${rows}</tbody></table></article>`;
}

function monthRange() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  const first = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-01`;
  const today = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  return [first, today];
}

function query() {
  return "from=" + encodeURIComponent($("from").value) + "&to=" + encodeURIComponent($("to").value);
}

function pct(x) {
  return x == null ? "–" : (100 * x).toFixed(0) + "%";
}

function rowHtml(r, cls) {
  return `<tr class="${cls}"><td>${esc(r.label || r.key)}</td><td>${esc(r.units)}</td><td>${Number(r.amount_yuan).toFixed(2)}</td>`
    + `<td>${esc(r.pickups)}</td><td>${pct(r.conversion)}</td><td>${esc(r.households ?? "–")}</td></tr>`;
}

async function loadReport() {
  $("export-csv").href = "/api/v1/reports/upward.csv?" + query();
  $("export-xlsx").href = "/api/v1/reports/upward.xlsx?" + query();
  try {
    const rep = await getJson("/api/v1/reports/" + $("dimension").value + "?" + query());
    const rows = rep.rows.slice().sort((a, b) => b.amount_yuan - a.amount_yuan);
    document.querySelector("#report tbody").innerHTML =
      rows.map((r) => rowHtml(r, rep.dimension === "product" && r.units === 0 ? "unsold" : "")).join("")
      || `<tr><td colspan="6" class="muted">这段时间没有记录 Nothing in these dates</td></tr>`;
    document.querySelector("#report tfoot").innerHTML = rowHtml({ ...rep.total, label: "合计 Total" }, "total");
    drawChart(rows);
    $("report-msg").textContent = "";
  } catch (e) {
    $("report-msg").textContent = "报表查询失败 Report failed: " + e.message;
  }
}

function drawChart(rows) {
  if (typeof Chart === "undefined") {
    $("report-msg").textContent = "图表组件未加载 Chart library not loaded";
    return;
  }
  const data = {
    labels: rows.map((r) => r.label || r.key),
    datasets: [
      { label: "金额 ¥", data: rows.map((r) => r.amount_yuan), backgroundColor: "#2f6b3f", yAxisID: "y" },
      { label: "拿起 Pickups", data: rows.map((r) => r.pickups), backgroundColor: "#e0a800", yAxisID: "y1" },
    ],
  };
  if (chart) {
    chart.data = data;
    chart.update();
    return;
  }
  chart = new Chart($("chart"), {
    type: "bar",
    data,
    options: {
      animation: false, maintainAspectRatio: false,
      font: { family: getComputedStyle(document.documentElement).fontFamily },
      scales: { y: { beginAtZero: true, position: "left" }, y1: { beginAtZero: true, position: "right", grid: { drawOnChartArea: false } } },
    },
  });
}

const [from, to] = monthRange();
$("from").value = from;
$("to").value = to;
$("filter").addEventListener("submit", (e) => { e.preventDefault(); loadReport(); });
$("dimension").addEventListener("change", loadReport);
loadNames().then(refreshMap);
setInterval(refreshMap, 5000);
loadReport();
