-- Covering indexes for the reports (org.ssk.hub.report.ReportSql): a period's sale lines and lifts
-- are summed from the index alone, in time order, without reading the table rows.
CREATE INDEX sale_line_report ON sale_line (t_ms, sku, shelf, qty, amount_fen);
CREATE INDEX shelf_event_report ON shelf_event (type, t_ms, sku, shelf);
