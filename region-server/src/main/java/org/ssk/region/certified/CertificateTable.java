package org.ssk.region.certified;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ssk.protocol.region.Certificate;

/**
 * Reads an imported certified-product table (the rows of a CSV or XLSX sheet, header first) into
 * {@link Certificate}s, checking every row: the answer holds either all of them or, for each bad
 * row, its row number (as the spreadsheet shows it) and the reason. Header cells name the columns
 * in any order, in English or Chinese ({@link #COLUMNS}; a cell such as {@code 认定编号 number}
 * matches by either word). Dates are YYYY-MM-DD, YYYY/MM/DD or a spreadsheet date number. Pure.
 */
public final class CertificateTable {
    /** Most rows in one import. */
    public static final int MAX_ROWS = 20_000;

    /** Each column's names: the first is the canonical one. */
    public static final List<List<String>> COLUMNS = List.of(
            List.of("number", "certificate_number", "certificate", "认定编号", "证书编号"),
            List.of("product", "product_name", "产品", "产品名称"),
            List.of("sku", "product_code", "产品编码", "商品编码"),
            List.of("producer", "cooperative", "经营主体", "生产主体", "合作社"),
            List.of("county", "县", "所属县"),
            List.of("households", "households_helped", "带动户数", "带贫户数"),
            List.of("valid_from", "有效期起", "认定日期"),
            List.of("valid_until", "有效期至", "有效期止"));

    /** What an import read: the certificates when every row was right, else the rows' errors. */
    public record Parsed(List<Certificate> certificates, List<String> errors) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    private CertificateTable() {
    }

    public static Parsed parse(List<List<String>> rows) {
        List<String> errors = new ArrayList<>();
        if (rows.isEmpty()) {
            return new Parsed(List.of(), List.of("the table is empty: a header row and one row per certificate"));
        }
        if (rows.size() - 1 > MAX_ROWS) {
            return new Parsed(List.of(), List.of("at most " + MAX_ROWS + " certificates per import, the table has "
                    + (rows.size() - 1)));
        }
        int[] at = new int[COLUMNS.size()];
        java.util.Arrays.fill(at, -1);
        List<String> header = rows.get(0);
        for (int c = 0; c < header.size(); c++) {
            for (String word : header.get(c).strip().toLowerCase(Locale.ROOT).split("\\s+")) {
                for (int k = 0; k < COLUMNS.size(); k++) {
                    if (at[k] < 0 && COLUMNS.get(k).contains(word)) {
                        at[k] = c;
                    }
                }
            }
        }
        for (int k = 0; k < COLUMNS.size(); k++) {
            if (at[k] < 0) {
                errors.add("header: column " + COLUMNS.get(k).get(0) + " (" + String.join(" / ", COLUMNS.get(k)) + ") is missing");
            }
        }
        if (!errors.isEmpty()) {
            return new Parsed(List.of(), errors);
        }
        List<Certificate> out = new ArrayList<>();
        Map<String, Integer> numbers = new HashMap<>();
        Map<String, List<Certificate>> bySku = new HashMap<>();
        for (int r = 1; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            String line = "row " + (r + 1);
            try {
                Certificate c = new Certificate(cell(row, at[0]), cell(row, at[1]), cell(row, at[2]), cell(row, at[3]),
                        cell(row, at[4]), households(cell(row, at[5])), date(cell(row, at[6]), "valid_from"),
                        date(cell(row, at[7]), "valid_until"));
                Integer first = numbers.putIfAbsent(c.number(), r + 1);
                if (first != null) {
                    throw new IllegalArgumentException("certificate " + c.number() + " is also on row " + first);
                }
                for (Certificate o : bySku.getOrDefault(c.sku(), List.of())) {
                    if (!c.validFrom().isAfter(o.validUntil()) && !o.validFrom().isAfter(c.validUntil())) {
                        throw new IllegalArgumentException("SKU " + c.sku() + " already has certificate " + o.number()
                                + " valid on some of the same days");
                    }
                }
                bySku.computeIfAbsent(c.sku(), k -> new ArrayList<>()).add(c);
                out.add(c);
            } catch (IllegalArgumentException e) {
                String number = cell(row, at[0]);
                errors.add(line + (number.isBlank() ? "" : " (" + number.strip() + ")") + ": " + e.getMessage());
            }
        }
        if (out.isEmpty() && errors.isEmpty()) {
            errors.add("the table has a header but no certificates");
        }
        return errors.isEmpty() ? new Parsed(out, List.of()) : new Parsed(List.of(), errors);
    }

    private static String cell(List<String> row, int i) {
        return i < row.size() && row.get(i) != null ? row.get(i) : "";
    }

    private static int households(String v) {
        String t = v.strip();
        if (t.endsWith(".0")) {
            t = t.substring(0, t.length() - 2);
        }
        try {
            return Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("households: a whole number, was '" + v + "'");
        }
    }

    /** 1899-12-30 is day 0 of spreadsheet date numbers (the 1900 system, as Excel and WPS write them). */
    private static final LocalDate SHEET_EPOCH = LocalDate.of(1899, 12, 30);

    static LocalDate date(String v, String field) {
        String t = v.strip();
        if (t.matches("[0-9]{1,6}(\\.0+)?")) {
            long n = Long.parseLong(t.replaceAll("\\.0+$", ""));
            if (n >= 1 && n <= 2_958_465) {
                return SHEET_EPOCH.plusDays(n);
            }
        }
        try {
            return LocalDate.parse(t.replace('/', '-').replaceAll("^(\\d{4})-(\\d)-", "$1-0$2-")
                    .replaceAll("-(\\d)$", "-0$1"));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + ": a date YYYY-MM-DD, was '" + v + "'");
        }
    }
}
