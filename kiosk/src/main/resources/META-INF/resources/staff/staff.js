// Staff restocking page for one shelf (/staff/{shelf}): start/finish restock mode, expected
// (ledger) vs counted (the shelf's last telemetry) per lane. Polls every 2 s; a failed poll keeps
// the last table and says so.
"use strict";

const $ = (id) => document.getElementById(id);
const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
const shelf = decodeURIComponent(location.pathname.split("/").filter(Boolean).pop());
let names = {};
let restocking = false;

$("shelf").textContent = shelf;

async function getJson(url, init) {
  const r = await fetch(url, { cache: "no-store", ...init });
  const body = await r.json().catch(() => ({}));
  if (!r.ok) throw new Error(body.message || String(r.status));
  return body;
}

async function refresh() {
  try {
    const s = await getJson("/api/v1/shelves/" + encodeURIComponent(shelf));
    const live = {};
    for (const l of (s.live && s.live.lanes) || []) live[l.lane] = l.count;
    restocking = !!s.restock;
    $("state").textContent = (s.online ? "在线" : "离线 offline") + (restocking ? " · 补货中 restocking" : "");
    $("state").className = "state " + (s.online ? (restocking ? "restock" : "") : "off");
    $("toggle").textContent = restocking ? "完成补货 Finish restocking" : "开始补货 Start restocking";
    $("toggle").disabled = false;
    $("lanes").innerHTML = s.stock.map((l) => {
      const counted = live[l.lane];
      const diff = counted !== undefined && counted !== l.qty;
      return `<tr class="${diff ? "diff" : ""}" data-lane="${esc(l.lane)}"><td>${esc(l.lane)}</td>`
        + `<td>${esc(l.sku ? (names[l.sku] || l.sku) : "（空）")}</td><td class="n">${esc(l.qty)}</td>`
        + `<td class="n">${counted === undefined ? "–" : esc(counted)}</td></tr>`;
    }).join("");
    await refreshAlerts();
    if ($("msg").dataset.kind !== "action") $("msg").textContent = "";
  } catch (e) {
    $("msg").dataset.kind = "";
    $("msg").textContent = "无法连接中心服务器，稍后自动重试 Hub unreachable, retrying: " + e.message;
  }
}

async function refreshAlerts() {
  const alerts = (await getJson("/api/v1/alerts")).filter((a) => a.shelf === shelf);
  $("alerts-title").hidden = alerts.length === 0;
  $("alerts").innerHTML = alerts.map((a) => `<li><b>${esc(a.kind)}</b> ${a.lane ? "货道 " + esc(a.lane) + " · " : ""}`
    + `${esc(a.detail || a.subject)}</li>`).join("");
}

$("toggle").addEventListener("click", async () => {
  $("toggle").disabled = true;
  try {
    await getJson("/api/v1/shelves/" + encodeURIComponent(shelf) + "/restock?on=" + !restocking, { method: "POST" });
    $("msg").dataset.kind = "";
    $("msg").textContent = "";
  } catch (e) {
    $("msg").dataset.kind = "action";
    $("msg").textContent = "操作失败 Failed: " + e.message;
  }
  setTimeout(refresh, 300);
});

getJson("/api/v1/products").then((cards) => { for (const c of cards) names[c.sku] = c.name_zh; })
  .catch(() => { /* names are a nicety: the table falls back to SKUs */ })
  .finally(refresh);
setInterval(refresh, 2000);
