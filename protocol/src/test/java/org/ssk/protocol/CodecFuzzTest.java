package org.ssk.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Feeds the event decoder 100,000 generated payloads, seeded so a failure can be replayed: valid
 * events mutated byte-wise, fields swapped for wrong types, huge and non-finite numbers, unicode,
 * truncations and oversized documents. Whatever the bytes, the decoder either returns an event
 * that satisfies every invariant (and survives a round trip) or throws {@link PayloadException};
 * nothing else escapes.
 */
class CodecFuzzTest {
    private static final long SEED = 0x55AA_2026L;
    private static final int INPUTS = 100_000;

    private static final List<String> VALID = List.of(
            Codec.encodeToString(new Pick("S1", "e1", 42, 1_763_881_200_123L, "2", "dy-rice-2500", 1, 2508.4)),
            Codec.encodeToString(new Lift("S1", "e1", 43, 1_763_881_200_200L, "2", null, 300.0)),
            Codec.encodeToString(new Putback("S-2", "k3f9", 7, 5, "10", "tea", 3, 750.0)),
            Codec.encodeToString(new Restock("S_3", "a", 1, 0, "1", "egg-30", 12, 1900.5)),
            Codec.encodeToString(new Anomaly("S1", "e1", 9, 9, "4", "honey", Anomaly.Kind.SENSOR_FAULT, 20000,
                    "saturated 饱和")));

    private static final String[] REPLACEMENTS = {
        "null", "true", "[]", "{}", "\"\"", "\"pick\"", "-1", "0", "1e308", "-1e309", "1e-400",
        "123456789012345678901234567890", "NaN", "\"\\u0000\"", "\"\\ud800\"", "\"柜台/+/#\"", "0.5",
        "9223372036854775807", "9223372036854775808", "\"" + "长".repeat(300) + "\"", "{\"a\":[1,{\"b\":2}]}"
    };

    @Test
    void decoderSurvivesOneHundredThousandGeneratedPayloads() {
        SplittableRandom rnd = new SplittableRandom(SEED);
        Map<PayloadException.Reason, Integer> rejected = new EnumMap<>(PayloadException.Reason.class);
        int accepted = 0;
        for (int i = 0; i < INPUTS; i++) {
            byte[] input = generate(rnd);
            try {
                ShelfEvent e = Codec.decodeEvent(input);
                assertInvariants(e);
                accepted++;
            } catch (PayloadException e) {
                rejected.merge(e.reason(), 1, Integer::sum);
            } catch (RuntimeException | Error e) {
                fail("input #" + i + " (seed " + SEED + ") escaped as " + e + ": "
                        + new String(input, StandardCharsets.UTF_8), e);
            }
        }
        int total = accepted + rejected.values().stream().mapToInt(Integer::intValue).sum();
        assertEquals(INPUTS, total);
        // The generator is meant to exercise both paths and every reason; a generator that only
        // ever produced garbage (or only valid events) would prove nothing.
        assertTrue(accepted > 1000, "accepted " + accepted);
        for (PayloadException.Reason r : PayloadException.Reason.values()) {
            assertTrue(rejected.getOrDefault(r, 0) > 0, "no input was rejected as " + r + ": " + rejected);
        }
    }

    private static void assertInvariants(ShelfEvent e) throws PayloadException {
        assertTrue(Topics.SHELF_ID.matcher(e.shelf()).matches(), e.shelf());
        assertTrue(e.seq() >= 1 && e.tMs() >= 0, e.toString());
        switch (e) {
            case Pick p -> assertTrue(p.qty() >= 1 && Double.isFinite(p.grams()));
            case Putback p -> assertTrue(p.qty() >= 1 && Double.isFinite(p.grams()));
            case Restock r -> assertTrue(r.qty() >= 1 && Double.isFinite(r.grams()));
            case Lift l -> assertTrue(Double.isFinite(l.grams()));
            case Anomaly a -> assertTrue(a.kind() != null && a.detail().length() <= 200);
        }
        assertEquals(e, Codec.decodeEvent(Codec.encode(e)));
    }

    private static byte[] generate(SplittableRandom rnd) {
        String base = VALID.get(rnd.nextInt(VALID.size()));
        return switch (rnd.nextInt(8)) {
            case 0 -> base.getBytes(StandardCharsets.UTF_8);
            case 1 -> flipBytes(base.getBytes(StandardCharsets.UTF_8), rnd);
            case 2 -> replaceValue(base, rnd).getBytes(StandardCharsets.UTF_8);
            case 3 -> dropField(base, rnd).getBytes(StandardCharsets.UTF_8);
            case 4 -> base.substring(0, rnd.nextInt(base.length())).getBytes(StandardCharsets.UTF_8);
            case 5 -> randomBytes(rnd);
            case 6 -> oversized(base, rnd).getBytes(StandardCharsets.UTF_8);
            default -> replaceValue(replaceValue(base, rnd), rnd).getBytes(StandardCharsets.UTF_8);
        };
    }

    /** A generated event for an array: valid or with one or two fields replaced, never byte-damaged. */
    static String element(SplittableRandom rnd) {
        String base = VALID.get(rnd.nextInt(VALID.size()));
        return switch (rnd.nextInt(4)) {
            case 0 -> base;
            case 1 -> replaceValue(base, rnd);
            case 2 -> dropField(base, rnd);
            default -> replaceValue(replaceValue(base, rnd), rnd);
        };
    }

    private static byte[] flipBytes(byte[] b, SplittableRandom rnd) {
        int n = 1 + rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
            b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
        }
        return b;
    }

    /** Replaces the value of one field with something of another type or range. */
    private static String replaceValue(String json, SplittableRandom rnd) {
        int colon = nthIndexOf(json, ':', rnd.nextInt(count(json, ':')) + 1);
        if (colon < 0) {
            return json;
        }
        int end = colon + 1;
        if (end < json.length() && json.charAt(end) == '"') {
            end = json.indexOf('"', end + 1) + 1;
        } else {
            while (end < json.length() && ",}".indexOf(json.charAt(end)) < 0) {
                end++;
            }
        }
        return json.substring(0, colon + 1) + REPLACEMENTS[rnd.nextInt(REPLACEMENTS.length)] + json.substring(end);
    }

    private static String dropField(String json, SplittableRandom rnd) {
        int comma = nthIndexOf(json, ',', rnd.nextInt(Math.max(1, count(json, ','))) + 1);
        if (comma < 0) {
            return json;
        }
        int next = json.indexOf(',', comma + 1);
        return json.substring(0, comma) + (next < 0 ? "}" : json.substring(next));
    }

    private static byte[] randomBytes(SplittableRandom rnd) {
        byte[] b = new byte[rnd.nextInt(64)];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) rnd.nextInt(256);
        }
        return b;
    }

    private static String oversized(String base, SplittableRandom rnd) {
        int size = rnd.nextBoolean() ? Codec.MAX_PAYLOAD_BYTES + 1 + rnd.nextInt(1000) : 100 + rnd.nextInt(2000);
        return base.replace("\"lane\":", "\"pad\":\"" + "x".repeat(size) + "\",\"lane\":");
    }

    private static int count(String s, char c) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            n += s.charAt(i) == c ? 1 : 0;
        }
        return n;
    }

    private static int nthIndexOf(String s, char c, int n) {
        int at = -1;
        for (int i = 0; i < n; i++) {
            at = s.indexOf(c, at + 1);
            if (at < 0) {
                return -1;
            }
        }
        return at;
    }
}
