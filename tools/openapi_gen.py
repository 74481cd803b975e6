"""Writes the hub's OpenAPI document (hub-server/src/main/resources/org/ssk/hub/http/openapi.json).

Edit the operations here when routes change and run `python3 tools/openapi_gen.py`;
OpenApiTest fails while the document and the router differ.
"""
import os
import json
def P(name, where="path", desc="", schema=None, required=None):
    return {"name": name, "in": where, "required": (where == "path") if required is None else required,
            "description": desc, "schema": schema or {"type": "string"}}
SHELF = P("shelf", desc="shelf id: 1-32 of A-Z a-z 0-9 _ -")
SKU = P("sku", desc="product SKU: 1-64 of A-Z a-z 0-9 _ . -")
FROM = P("from", "query", "first day, YYYY-MM-DD (default: first of this month)", {"type": "string", "format": "date"})
TO = P("to", "query", "last day, YYYY-MM-DD (default: today)", {"type": "string", "format": "date"})
ERR = {"description": "error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
def op(summary, roles, ok="200", body=None, params=(), produces="application/json", more=None, okdesc="OK"):
    o = {"summary": summary, "x-roles": roles, "parameters": list(params),
         "responses": {ok: {"description": okdesc, "content": {produces: {}}} if ok != "204" else {"description": okdesc}}}
    if roles != "public":
        o["responses"]["401"] = ERR
        o["responses"]["403"] = ERR
    o["responses"]["400"] = ERR
    if body:
        o["requestBody"] = {"required": True, "content": {"application/json": {"schema": body}}}
    if roles == "public":
        o["security"] = []
    for k, v in (more or {}).items():
        o["responses"][k] = v
    return o
obj = lambda props, req=(): {"type": "object", "properties": props, "required": list(req)}
S = {"type": "string"}; I = {"type": "integer"}; B = {"type": "boolean"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
paths = {
 "/api/v1/auth/login": {"post": op("Sign in. session=cookie sets an HttpOnly SameSite=Strict cookie and returns the CSRF token; otherwise returns a bearer token.", "public",
     body=obj({"username": S, "password": S, "session": {"type": "string", "enum": ["cookie", "token"]}}, ["username", "password"]),
     more={"401": ERR, "429": {"description": "too many failed sign-ins; see Retry-After"}})},
 "/api/v1/auth/logout": {"post": op("End the presented session (header or cookie).", "public", ok="204", okdesc="signed out")},
 "/api/v1/auth/me": {"get": op("Who is signed in; with a cookie session also its CSRF token.", "any")},
 "/api/v1/auth/password": {"post": op("Change your own password, the old one required (a wrong one: 400 wrong_password, counted like a failed sign-in); your other sessions end, this one stays.", "staff, operator, admin", ok="204", okdesc="changed",
     body=obj({"old_password": S, "new_password": S}, ["old_password", "new_password"]),
     more={"429": {"description": "too many wrong passwords; see Retry-After"}})},
 "/api/v1/openapi.json": {"get": op("This document.", "public")},
 "/api/v1/products": {"get": op("Every product's kiosk card.", "public")},
 "/api/v1/products/{sku}": {"get": op("One product's kiosk card.", "public", params=[SKU], more={"404": ERR})},
 "/api/v1/products/{sku}/qr.svg": {"get": op("QR code of the product's order URL.", "public", params=[SKU], produces="image/svg+xml", more={"404": ERR})},
 "/api/v1/products/{sku}/image": {"get": op("Product image (placeholder SVG when none uploaded).", "public", params=[SKU], produces="image/svg+xml", more={"404": ERR})},
 "/api/v1/shelves": {"get": op("Shelves with lanes, online and restock state.", "kiosk, staff, operator, admin")},
 "/api/v1/shelves/{shelf}": {"get": op("A shelf with stock per lane and its last heartbeat.", "staff, operator, admin", params=[SHELF], more={"404": ERR})},
 "/api/v1/shelves/{shelf}/restock": {"post": op("Start (on=true) or end (on=false) restock mode: a command to the shelf's agent.", "staff, operator, admin", ok="202",
     params=[SHELF, P("on", "query", "true or false", required=True)], more={"503": ERR})},
 "/api/v1/shelves/{shelf}/credentials": {
     "post": op("New MQTT secret for the shelf (user name = shelf id); shown once, replaces the old one.", "admin", ok="201", params=[SHELF]),
     "delete": op("Revoke the shelf's MQTT credentials.", "admin", params=[SHELF], more={"404": ERR})},
 "/api/v1/shelf-credentials": {"get": op("Shelves that have MQTT credentials (never the secrets).", "admin")},
 "/api/v1/users": {"get": op("Accounts.", "admin"),
     "post": op("Create an account.", "admin", ok="201", body=obj({"username": S, "role": {"type": "string", "enum": ["admin", "operator", "staff"]}, "password": S}, ["username", "role", "password"]))},
 "/api/v1/users/{name}": {"patch": op("Change role and/or disable/enable (a new role or disabling ends the user's sessions; password is still taken, as a reset). Demoting or disabling the last enabled admin: 409 last_admin.", "admin",
     params=[P("name")], body=obj({"role": S, "disabled": B, "password": S}), more={"404": ERR, "409": ERR}),
     "delete": op("Delete a user and its sessions. The last enabled admin: 409 last_admin.", "admin", ok="204", okdesc="deleted",
     params=[P("name")], more={"404": ERR, "409": ERR})},
 "/api/v1/users/{name}/password": {"post": dict(op("Reset a user's password to the one typed or, without one, to a random one answered once as password; every session of the user ends.", "admin",
     params=[P("name")], more={"404": ERR}), requestBody={"required": False, "content": {"application/json": {"schema": obj({"password": S})}}})},
 "/api/v1/kiosk-tokens": {"get": op("Valid kiosk tokens (id, label; never the token).", "admin"),
     "post": op("Issue a read-only kiosk token; shown once.", "admin", ok="201", body=obj({"label": S}, ["label"]))},
 "/api/v1/kiosk-tokens/{id}": {"delete": op("Revoke a kiosk token.", "admin", params=[P("id", desc="12 hex digits")], more={"404": ERR})},
 "/api/v1/alerts": {"get": op("Open alerts.", "staff, operator, admin")},
 "/api/v1/alerts/history": {"get": op("Alerts raised in the last days, open or cleared.", "staff, operator, admin",
     params=[P("days", "query", "1-366, default 7", I)])},
 "/api/v1/sales": {"post": op("Record a confirmed sale (idempotent by order_id: 201 stored, 200 already stored).", "staff, operator, admin", ok="201",
     body=obj({"order_id": S, "channel": {"type": "string", "enum": ["pos", "online", "kiosk"]}, "t_ms": I,
               "lines": {"type": "array", "items": obj({"sku": S, "qty": I, "shelf": S}, ["sku", "qty"])}, "refers_to": S}, ["order_id", "channel", "lines"]))},
 "/api/v1/stock-entries": {"post": op("Record a declared restock, stock-take or (operator+) correction; idempotent by entry_id.", "staff, operator, admin", ok="201",
     body=obj({"entry_id": S, "kind": {"type": "string", "enum": ["restock_declared", "stocktake", "correction"]}, "shelf": S, "lane": S, "sku": S,
               "t_ms": I, "qty": I, "counted": I, "refers_to": S, "note": S}, ["entry_id", "kind"]))},
 "/api/v1/stock-takes": {"post": op("Record a whole shelf's stock-take, all lanes or none; each lane is stock entry take_id/lane (idempotent).", "staff, operator, admin", ok="201",
     body=obj({"take_id": S, "shelf": S, "t_ms": I, "lanes": {"type": "array", "items": obj({"lane": S, "sku": S, "counted": I}, ["lane", "counted"])}}, ["take_id", "shelf", "lanes"]))},
 "/api/v1/reports/{dimension}": {"get": op("Report rows and total by shelf, product, county, producer, day, week, month or certification.", "operator, admin",
     params=[P("dimension", schema={"type": "string", "enum": ["shelf", "product", "county", "producer", "day", "week", "month", "certification"]}), FROM, TO])},
 "/api/v1/reports/departures": {"get": op("Picks not put back within the return window, matched with sales, per SKU.", "operator, admin",
     params=[FROM, TO, P("window_s", "query", "return window in seconds, default 600", I)])},
 "/api/v1/reports/upward.csv": {"get": op("The upward report (product, certification, producer, county, quantity, amount) as CSV.", "operator, admin", params=[FROM, TO], produces="text/csv")},
 "/api/v1/reports/upward.xlsx": {"get": op("The upward report as XLSX.", "operator, admin", params=[FROM, TO], produces=XLSX)},
 "/api/v1/catalog/products.csv": {"get": op("Product list export (CSV).", "operator, admin", produces="text/csv")},
 "/api/v1/catalog/products.xlsx": {"get": op("Product list export (XLSX).", "operator, admin", produces=XLSX)},
 "/api/v1/catalog/planogram.csv": {"get": op("Planogram export (CSV).", "operator, admin", produces="text/csv")},
 "/api/v1/catalog/planogram.xlsx": {"get": op("Planogram export (XLSX).", "operator, admin", produces=XLSX)},
 "/api/v1/alerts/{id}/ack": {"post": op("Acknowledge an alert (first acknowledgement kept; the alert stays open until resolved).", "staff, operator, admin", params=[P("id", schema=I)], more={"404": ERR})},
 "/api/v1/ledger/entries": {"get": op("Ledger (台账) entries, newest first: shelf events, sales, stock entries; with total for paging.", "operator, admin",
     params=[FROM, TO, P("kind", "query", "event, sale or stock"), P("shelf", "query"), P("sku", "query"), P("limit", "query", "1-500, default 100", I), P("offset", "query", "default 0", I)])},
 "/api/v1/ledger/entries.csv": {"get": op("The same entries as CSV.", "operator, admin", params=[FROM, TO, P("kind", "query"), P("shelf", "query"), P("sku", "query")], produces="text/csv")},
 "/api/v1/sales/import": {"post": op("Import sales from a CSV or XLSX body (one sale per order id; all rows checked before anything is stored).", "operator, admin", more={"413": ERR, "415": ERR})},
 "/api/v1/media/{name}": {"get": op("An uploaded product image.", "public", params=[P("name")], produces="image/*", more={"404": ERR})},
 "/api/v1/catalog/products": {"get": op("Every product with every column of the product table.", "operator, admin"),
     "post": op("Add a product (409 when the SKU exists); checked like a spreadsheet row, 400 lists every wrong field.", "operator, admin", ok="201", body={"type": "object"}, more={"409": ERR})},
 "/api/v1/catalog/products/{sku}": {"put": op("Change a product.", "operator, admin", params=[SKU], body={"type": "object"}, more={"404": ERR})},
 "/api/v1/catalog/products/{sku}/image": {"post": op("Upload the product's image: raw PNG, JPEG or WebP body whose bytes match its content type.", "operator, admin", params=[SKU], more={"404": ERR, "413": ERR, "415": ERR})},
 "/api/v1/catalog/products/import": {"post": op("Import the product list from a CSV or XLSX body; all or nothing, row-by-row errors.", "operator, admin", more={"413": ERR, "415": ERR})},
 "/api/v1/catalog/shelves": {"get": op("Shelves with their lanes (SKU, unit grams) for editing.", "operator, admin")},
 "/api/v1/catalog/shelves/{shelf}": {"put": op("Set a shelf's name and lanes; the agents get the new config.", "operator, admin", params=[SHELF],
     body=obj({"name": S, "lanes": {"type": "array", "items": obj({"lane": S, "sku": S, "unit_grams": {"type": "number"},
                                        "capacity": {"type": "integer", "minimum": 1, "maximum": 999, "nullable": True,
                                                     "description": "items the lane holds when full; null when not known"}})}}))},
 "/api/v1/catalog/planogram/import": {"post": op("Import the planogram from a CSV or XLSX body; all or nothing.", "operator, admin", more={"413": ERR, "415": ERR})},
 "/api/v1/demo/shelves/{shelf}": {"get": op("Demo only: the simulated shelf's lanes.", "public", params=[SHELF], more={"404": ERR})},
 "/api/v1/demo/shelves/{shelf}/lanes/{lane}/lift": {"post": op("Demo only: a simulated hand lifts items.", "public", params=[SHELF, P("lane"), P("qty", "query", "items, default 1", I)])},
 "/api/v1/demo/shelves/{shelf}/lanes/{lane}/putback": {"post": op("Demo only: put items back.", "public", params=[SHELF, P("lane"), P("qty", "query", "items, default 1", I)])},
 "/api/v1/demo/shelves/{shelf}/lanes/{lane}/restock": {"post": op("Demo only: add items.", "public", params=[SHELF, P("lane"), P("qty", "query", "items, default 1", I)])},
 "/api/v1/demo/shelves/{shelf}/restock-mode": {"post": op("Demo only: press the shelf's staff button.", "public", params=[SHELF, P("on", "query", "true or false", required=True)])},
}
doc = {"openapi": "3.0.3",
 "info": {"title": "Smart-shelf hub API", "version": "1",
          "description": "REST API of the hub of a consumption poverty-alleviation center (消费扶贫中心). Every error is JSON {\"error\",\"reason\"}. x-roles says who may call each operation (the table in org.ssk.hub.http.Access). Browsers signed in by cookie send X-CSRF-Token on writes. The kiosk WebSocket is GET /ws/kiosk/{shelf}?token=KIOSK_TOKEN (docs/kiosk-protocol.md). Not under /api: /health, /metrics (Prometheus)."},
 "servers": [{"url": "/"}],
 "security": [{"bearer": []}, {"cookie": []}],
 "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}, "cookie": {"type": "apiKey", "in": "cookie", "name": "ssk_session"}},
   "schemas": {"Error": obj({"error": S, "reason": S}, ["error", "reason"])}},
 "paths": paths}
out=['{']
keys=list(doc)
for i,k in enumerate(keys):
    end = ',' if i < len(keys)-1 else ''
    if k == 'paths':
        out.append(' "paths": {')
        pk=list(doc['paths'])
        for j,x in enumerate(pk):
            out.append('  %s: %s%s' % (json.dumps(x), json.dumps(doc['paths'][x], ensure_ascii=False), ',' if j < len(pk)-1 else ''))
        out.append(' }'+end)
    else:
        out.append(' %s: %s%s' % (json.dumps(k), json.dumps(doc[k], ensure_ascii=False), end))
out.append('}')
open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "hub-server/src/main/resources/org/ssk/hub/http/openapi.json"), "w").write('\n'.join(out)+'\n')
