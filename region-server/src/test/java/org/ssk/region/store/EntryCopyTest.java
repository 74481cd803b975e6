package org.ssk.region.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** COPY's text format, as {@code EntryCopy} writes an entry's text into it. */
class EntryCopyTest {
    private static String escape(String s) {
        StringBuilder b = new StringBuilder("x");
        EntryCopy.escape(b, s);
        return b.toString();
    }

    @Test
    void backslashTabNewlineAndCarriageReturnAreEscapedAndNothingElse() {
        assertEquals("x", escape(""));
        assertEquals("x{\"sku\":\"rice-5kg\",\"name\":\"五常大米\"}", escape("{\"sku\":\"rice-5kg\",\"name\":\"五常大米\"}"));
        assertEquals("x\\\\", escape("\\"));
        assertEquals("xa\\tb\\nc\\rd\\\\e", escape("a\tb\nc\rd\\e"));
        assertEquals("x\\t\\t\\n", escape("\t\t\n"));
        assertEquals("x\\\\u00e9 é\\\\\\\\", escape("\\u00e9 é\\\\"));
    }
}
