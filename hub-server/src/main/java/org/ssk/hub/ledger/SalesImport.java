package org.ssk.hub.ledger;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Confirmed sales from a point-of-sale or online-shop export, as a table (header first; read it with
 * {@code Sheets.fromCsv} or {@code Sheets.fromXlsx}). Columns, in any order: {@code order_id, channel,
 * time, sku, qty}, optional {@code shelf} and {@code refers_to}. Rows with the same order id form one
 * order. {@code time} is a local date-time in the center's zone ({@code 2026-11-23 10:15:00}), an ISO
 * instant, or epoch ms. Every row is checked before anything is recorded; an order already in the ledger
 * is left alone, so importing the same file twice records nothing twice. Blocking; thread-safe as the
 * ledger is.
 */
public final class SalesImport {

    /** The columns a file must have. */
    public static final List<String> REQUIRED = List.of("order_id", "channel", "time", "sku", "qty");

    /** What an import did: orders recorded now, orders already stored, and problems (row numbers as shown in a spreadsheet). */
    public record Result(int recorded, int alreadyStored, List<String> errors) {
        public Result {
            errors = List.copyOf(errors);
        }

        public boolean ok() {
            return errors.isEmpty();
        }
    }

    private final Ledger ledger;
    private final ZoneId zone;

    public SalesImport(Ledger ledger, ZoneId zone) {
        this.ledger = ledger;
        this.zone = zone;
    }

    /** Checks all rows, then records each order once; nothing is recorded when any row is wrong. */
    public Result importRows(List<List<String>> rows) throws Exception {
        if (rows.isEmpty()) {
            return new Result(0, 0, List.of("the file is empty; expected a header with " + REQUIRED));
        }
        Map<String, Integer> col = new HashMap<>();
        List<String> header = rows.getFirst();
        for (int i = 0; i < header.size(); i++) {
            col.put(header.get(i).strip().toLowerCase(Locale.ROOT), i);
        }
        List<String> missing = REQUIRED.stream().filter(c -> !col.containsKey(c)).toList();
        if (!missing.isEmpty()) {
            return new Result(0, 0, List.of("row 1: missing columns " + missing));
        }
        List<String> errors = new ArrayList<>();
        Map<String, List<Sale.Line>> lines = new LinkedHashMap<>();
        Map<String, String[]> heads = new HashMap<>();
        for (int r = 1; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            if (row.stream().allMatch(s -> s == null || s.isBlank())) {
                continue;
            }
            try {
                String order = cell(row, col, "order_id");
                String[] head = {cell(row, col, "channel").toLowerCase(Locale.ROOT), Long.toString(time(cell(row, col,
                        "time"))), cell(row, col, "refers_to")};
                String shelf = cell(row, col, "shelf");
                Sale.Line line = new Sale.Line(cell(row, col, "sku"), integer(cell(row, col, "qty")),
                        shelf.isEmpty() ? null : shelf);
                String[] first = heads.putIfAbsent(order, head);
                if (first != null && !(first[0].equals(head[0]) && first[1].equals(head[1]))) {
                    throw new IllegalArgumentException("order " + order + " has rows with a different channel or time");
                }
                lines.computeIfAbsent(order, o -> new ArrayList<>()).add(line);
            } catch (IllegalArgumentException e) {
                errors.add("row " + (r + 1) + ": " + e.getMessage());
            }
        }
        List<Sale> sales = new ArrayList<>();
        for (var e : lines.entrySet()) {
            String[] head = heads.get(e.getKey());
            try {
                sales.add(new Sale(e.getKey(), head[0], Long.parseLong(head[1]), e.getValue(),
                        head[2].isEmpty() ? null : head[2]));
            } catch (IllegalArgumentException ex) {
                errors.add("order " + e.getKey() + ": " + ex.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            return new Result(0, 0, errors);
        }
        int recorded = 0;
        for (Sale s : sales) {
            recorded += ledger.recordSale(s) ? 1 : 0;
        }
        return new Result(recorded, sales.size() - recorded, List.of());
    }

    private static String cell(List<String> row, Map<String, Integer> col, String name) {
        Integer i = col.get(name);
        return i == null || i >= row.size() || row.get(i) == null ? "" : row.get(i).strip();
    }

    private static int integer(String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("qty is not a whole number: '" + v + "'");
        }
    }

    private long time(String v) {
        if (v.matches("\\d{10,}")) {
            return Long.parseLong(v);
        }
        try {
            return LocalDateTime.parse(v.replace(' ', 'T')).atZone(zone).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(v).toEpochMilli();
            } catch (DateTimeParseException e2) {
                throw new IllegalArgumentException("time must be like 2026-11-23 10:15:00, an ISO instant or epoch ms,"
                        + " was: '" + v + "'");
            }
        }
    }
}
