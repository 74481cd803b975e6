package org.ssk.hub.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ssk.sheets.Sheets;

/** Exports never hand a spreadsheet a formula (OWASP CSV injection), in CSV and XLSX alike. */
class SheetsFormulaTest {
    private static final List<String> ATTACKS = List.of("=HYPERLINK(\"http://x\",\"y\")", "+1+cmd|' /C calc'!A0",
            "-2+3", "@SUM(A1:A9)", "\tTAB=1", "\r=1");

    @Test
    void cellsStartingWithAFormulaCharacterGetALeadingQuote() {
        for (String a : ATTACKS) {
            assertEquals("'" + a, Sheets.neutralised(a), a);
        }
    }

    @Test
    void plainTextsAndNumbersStayAsTheyAre() {
        for (String s : List.of("dy-rice-2500", "S1/e1/3", "-3", "-12.50", "12", "稻花香大米", "a=b", "")) {
            assertEquals(s, Sheets.neutralised(s), s);
        }
    }

    @Test
    void csvAndXlsxExportsCarryTheNeutralisedTextAndKeepNumbers() throws Exception {
        List<List<Object>> rows = List.of(List.of("note", "qty", "amount"),
                List.of("=1+1", -3, new BigDecimal("-12.50")), List.of("@cmd", 4, BigDecimal.ONE));
        List<List<String>> csv = Sheets.fromCsv(Sheets.toCsv(rows));
        assertEquals(List.of("'=1+1", "-3", "-12.50"), csv.get(1));
        assertEquals("'@cmd", csv.get(2).get(0));
        List<List<String>> xlsx = Sheets.fromXlsx(new ByteArrayInputStream(Sheets.toXlsx("t", rows)));
        assertEquals("'=1+1", xlsx.get(1).get(0));
        assertEquals("'@cmd", xlsx.get(2).get(0));
        assertEquals(-3, Integer.parseInt(xlsx.get(1).get(1)));
    }
}
