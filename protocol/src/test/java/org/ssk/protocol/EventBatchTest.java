package org.ssk.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Several events in one event-topic message: {@link Codec#joinEvents} and {@link Codec#decodeEvents}. */
class EventBatchTest {
    private static Pick pick(long seq) {
        return new Pick("S1", "e1", seq, 1_763_881_200_000L + seq, "2", "dy-rice-2500", 1, 2508.4);
    }

    @Test
    void joinedEventsDecodeInOrder() throws Exception {
        List<ShelfEvent> sent = List.of(pick(1), new Lift("S1", "e1", 2, 5, "3", null, 300.0), pick(3));
        byte[] payload = Codec.joinEvents(sent.stream().map(Codec::encode).toList());
        List<PayloadException> rejected = new ArrayList<>();
        assertEquals(sent, Codec.decodeEvents(payload, rejected::add));
        assertTrue(rejected.isEmpty());
        assertEquals('[', payload[0]);
    }

    @Test
    void aSingleObjectIsStillOneEvent() throws Exception {
        assertEquals(List.of(pick(7)), Codec.decodeEvents(Codec.encode(pick(7)), e -> fail(e)));
        assertEquals(List.of(pick(7)), Codec.decodeEvents((" \n" + Codec.encodeToString(pick(7)))
                .getBytes(StandardCharsets.UTF_8), e -> fail(e)));
    }

    @Test
    void aBadElementIsRejectedAloneAndItsNeighboursKept() throws Exception {
        String good1 = Codec.encodeToString(pick(1));
        String good2 = Codec.encodeToString(pick(3));
        String missing = good1.replace("\"qty\":1,", "");
        String wrongType = good1.replace("\"type\":\"pick\"", "\"type\":\"teleport\"");
        byte[] payload = ("[" + good1 + "," + missing + ", 5 ," + wrongType + "," + good2 + "]")
                .getBytes(StandardCharsets.UTF_8);
        List<PayloadException> rejected = new ArrayList<>();
        assertEquals(List.of(pick(1), pick(3)), Codec.decodeEvents(payload, rejected::add));
        // A bare number has no "type": the decoder says unknown_type for it, alone or in an array.
        assertEquals(List.of(PayloadException.Reason.MISSING_FIELD, PayloadException.Reason.UNKNOWN_TYPE,
                PayloadException.Reason.UNKNOWN_TYPE), rejected.stream().map(PayloadException::reason).toList());
    }

    @Test
    void wholePayloadFaultsThrow() {
        String e = Codec.encodeToString(pick(1));
        assertReason(PayloadException.Reason.INVALID_FIELD, "[]");
        assertReason(PayloadException.Reason.MALFORMED_JSON, "[" + e);
        assertReason(PayloadException.Reason.MALFORMED_JSON, "[" + e + ",]");
        assertReason(PayloadException.Reason.MALFORMED_JSON, "[" + e + "] {}");
        assertReason(PayloadException.Reason.MALFORMED_JSON, "[" + e + "}");
        assertReason(PayloadException.Reason.TOO_LARGE,
                "[" + String.join(",", java.util.Collections.nCopies(Codec.MAX_EVENTS_PER_MESSAGE + 1, "{}")) + "]");
        assertReason(PayloadException.Reason.TOO_LARGE, "[" + "1,".repeat(Codec.MAX_MESSAGE_BYTES) + "1]");
    }

    @Test
    void joinRefusesWhatDoesNotFit() {
        byte[] one = Codec.encode(pick(1));
        assertThrows(IllegalArgumentException.class, () -> Codec.joinEvents(List.of()));
        assertThrows(IllegalArgumentException.class, () -> Codec.joinEvents(
                java.util.Collections.nCopies(Codec.MAX_EVENTS_PER_MESSAGE + 1, one)));
        byte[] big = new byte[Codec.MAX_MESSAGE_BYTES / 2];
        assertFalse(Codec.fits(2, 2L * big.length));
        assertThrows(IllegalArgumentException.class, () -> Codec.joinEvents(List.of(big, big)));
        assertTrue(Codec.fits(Codec.MAX_EVENTS_PER_MESSAGE, (long) Codec.MAX_EVENTS_PER_MESSAGE * one.length));
        byte[] full = Codec.joinEvents(java.util.Collections.nCopies(Codec.MAX_EVENTS_PER_MESSAGE, one));
        assertTrue(full.length <= Codec.MAX_MESSAGE_BYTES);
        assertArrayEquals(("[" + new String(one, StandardCharsets.UTF_8) + "]").getBytes(StandardCharsets.UTF_8),
                Codec.joinEvents(List.of(one)));
    }

    /**
     * 20,000 generated arrays of 1-8 elements, each element one of the single-event fuzz inputs
     * that is syntactically JSON on its own (valid, wrong types, missing fields, unknown types,
     * unicode). Decoding the array must give exactly what decoding each element alone gives: the
     * same events in the same order, the same rejections. Then the same arrays damaged byte-wise:
     * only {@link PayloadException} may come out.
     */
    @Test
    void anArrayDecodesAsItsElementsDoAlone() {
        SplittableRandom rnd = new SplittableRandom(0x2026_1123L);
        int accepted = 0;
        int rejectedElements = 0;
        for (int i = 0; i < 20_000; i++) {
            int n = 1 + rnd.nextInt(8);
            List<String> elements = new ArrayList<>();
            List<Object> expected = new ArrayList<>();
            while (elements.size() < n) {
                String el = CodecFuzzTest.element(rnd);
                Object alone = decodeAlone(el);
                if (!wellFormed(el) || alone instanceof PayloadException p
                        && p.reason() == PayloadException.Reason.TOO_LARGE) {
                    continue;
                }
                elements.add(el);
                expected.add(alone instanceof PayloadException p ? p.reason() : alone);
            }
            byte[] payload = ("[" + String.join(",", elements) + "]").getBytes(StandardCharsets.UTF_8);
            if (payload.length > Codec.MAX_MESSAGE_BYTES) {
                continue;
            }
            List<Object> got = new ArrayList<>();
            try {
                List<ShelfEvent> events = Codec.decodeEvents(payload, e -> got.add(e.reason()));
                // Rejections are reported as they happen; merge them back into element order.
                List<Object> inOrder = new ArrayList<>();
                int ev = 0;
                int rj = 0;
                for (Object x : expected) {
                    inOrder.add(x instanceof ShelfEvent ? (ev < events.size() ? events.get(ev++) : null)
                            : (rj < got.size() ? got.get(rj++) : null));
                }
                assertEquals(expected, inOrder, "array #" + i + ": " + new String(payload, StandardCharsets.UTF_8));
                assertEquals(expected.size(), events.size() + got.size());
                accepted += events.size();
                rejectedElements += got.size();
            } catch (PayloadException e) {
                fail("array #" + i + " of well-formed elements rejected whole: " + e.getMessage());
            }
            byte[] damaged = payload.clone();
            for (int k = 1 + rnd.nextInt(3); k > 0; k--) {
                damaged[rnd.nextInt(damaged.length)] = (byte) rnd.nextInt(256);
            }
            try {
                Codec.decodeEvents(damaged, e -> { });
            } catch (PayloadException expectedRejection) {
                // fine: counted by the receiver
            } catch (RuntimeException | Error e) {
                fail("damaged array #" + i + " escaped as " + e, e);
            }
        }
        assertTrue(accepted > 10_000 && rejectedElements > 10_000, accepted + " accepted, " + rejectedElements);
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** Syntactically JSON (the decoder may still refuse it for its content). */
    private static boolean wellFormed(String element) {
        try {
            JSON.readTree(element);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static Object decodeAlone(String element) {
        try {
            return Codec.decodeEvent(element.getBytes(StandardCharsets.UTF_8));
        } catch (PayloadException e) {
            return e;
        }
    }

    private static void assertReason(PayloadException.Reason reason, String payload) {
        PayloadException e = assertThrows(PayloadException.class,
                () -> Codec.decodeEvents(payload.getBytes(StandardCharsets.UTF_8), x -> { }));
        assertEquals(reason, e.reason(), e.getMessage());
    }
}
