package org.ssk.sheets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;

/**
 * Tables of text in and out of CSV (RFC 4180, UTF-8 with a BOM so spreadsheet programs read the
 * Chinese correctly) and XLSX (first sheet; fastexcel). A table is its rows, the header first.
 * Cells that are {@link BigDecimal} or {@link Number} are written as numbers in XLSX. Every text
 * cell written, CSV or XLSX, goes through {@link #neutralised}: a spreadsheet opening an export
 * never runs a formula a shelf, a staff note or an import put in a cell. Pure; thread-safe.
 */
public final class Sheets {
    private static final String BOM = "\uFEFF";

    private Sheets() {
    }

    /** Plain numbers ({@code -3}, {@code 12.50}) stay numbers: no formula can hide in them. */
    private static final java.util.regex.Pattern NUMBER = java.util.regex.Pattern.compile("-?[0-9]{1,18}(\\.[0-9]{1,18})?");

    /**
     * The OWASP CSV-injection rule: a text starting with {@code = + - @}, a tab or a carriage
     * return gets a leading single quote, so a spreadsheet shows it as text instead of evaluating
     * it; other texts and plain numbers are returned as they are.
     */
    public static String neutralised(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        char c = text.charAt(0);
        boolean risky = c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
        return risky && !NUMBER.matcher(text).matches() ? "'" + text : text;
    }

    public static byte[] toCsv(List<? extends List<?>> rows) {
        StringBuilder s = new StringBuilder(BOM);
        for (List<?> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                if (i > 0) {
                    s.append(',');
                }
                Object v = row.get(i);
                String text = v == null ? "" : v instanceof BigDecimal b ? b.toPlainString()
                        : v instanceof Number ? v.toString() : neutralised(v.toString());
                if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
                    s.append('"').append(text.replace("\"", "\"\"")).append('"');
                } else {
                    s.append(text);
                }
            }
            s.append("\r\n");
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Parses CSV; quoted cells may hold commas, quotes ("") and line breaks. Blank lines are skipped. */
    public static List<List<String>> fromCsv(byte[] csv) {
        String text = new String(csv, StandardCharsets.UTF_8);
        if (text.startsWith(BOM)) {
            text = text.substring(1);
        }
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                any = true;
            } else if (c == ',') {
                row.add(cell.toString());
                cell.setLength(0);
                any = true;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                if (any || cell.length() > 0) {
                    row.add(cell.toString());
                    rows.add(row);
                }
                row = new ArrayList<>();
                cell.setLength(0);
                any = false;
            } else {
                cell.append(c);
                any = true;
            }
        }
        if (any || cell.length() > 0) {
            row.add(cell.toString());
            rows.add(row);
        }
        return rows;
    }

    public static byte[] toXlsx(String sheetName, List<? extends List<?>> rows) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeXlsx(out, sheetName, rows);
        return out.toByteArray();
    }

    public static void writeXlsx(OutputStream out, String sheetName, List<? extends List<?>> rows) throws IOException {
        Workbook wb = new Workbook(out, "ssk-hub", "1.0");
        Worksheet ws = wb.newWorksheet(sheetName);
        for (int r = 0; r < rows.size(); r++) {
            List<?> row = rows.get(r);
            for (int c = 0; c < row.size(); c++) {
                Object v = row.get(c);
                if (v instanceof Number n) {
                    ws.value(r, c, n);
                } else if (v != null) {
                    ws.value(r, c, neutralised(v.toString()));
                }
            }
        }
        wb.finish();
    }

    /**
     * An uploaded workbook's first sheet: {@link ZipLimits} checked before the parser sees a byte
     * ({@link ZipLimits.Refused} when a limit is passed). Blocking CPU work: call it off the event loop.
     */
    public static List<List<String>> fromXlsx(byte[] xlsx) throws IOException {
        ZipLimits.check(xlsx);
        return fromXlsx(new java.io.ByteArrayInputStream(xlsx));
    }

    /** The first sheet as text; empty cells are "" and numbers keep their written form. */
    public static List<List<String>> fromXlsx(InputStream in) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        try (ReadableWorkbook wb = new ReadableWorkbook(in)) {
            Sheet sheet = wb.getFirstSheet();
            for (Row r : sheet.read()) {
                List<String> row = new ArrayList<>();
                for (int c = 0; c < r.getCellCount(); c++) {
                    String t = r.hasCell(c) ? r.getCellText(c) : "";
                    row.add(t == null ? "" : t);
                }
                while (!row.isEmpty() && row.get(row.size() - 1).isEmpty()) {
                    row.remove(row.size() - 1);
                }
                if (!row.isEmpty()) {
                    rows.add(row);
                }
            }
        }
        return rows;
    }
}
