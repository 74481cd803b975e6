package org.ssk.agent.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.ssk.agent.trace.Trace;

/**
 * Runs the production detector over the published development traces and scores it with the
 * rules of {@code shared/tools/score_events.py}: a detection matches a truth event of the same
 * lane, type and quantity (kind for anomalies) when its time lies in
 * [t_start - 300 ms, t + 2000 ms]; each side matches once. The floors are the product's targets.
 */
class DevTracesScoreTest {
    static final Path DEV = Path.of("../../shared/traces/dev");

    record Event(String lane, String key, long tMs, long tStartMs) {
    }

    @Test
    void detectorMeetsTheTargetsOnTheDevelopmentTraces() throws IOException {
        assertTrue(Files.isDirectory(DEV), "the development traces are expected at " + DEV.toAbsolutePath()
                + " (shared/ beside the repository)");
        Map<String, int[]> byKind = new HashMap<>();
        int lanesRight = 0;
        int lanesAll = 0;
        List<Path> configs;
        try (Stream<Path> s = Files.list(DEV)) {
            configs = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertTrue(configs.size() >= 10, "found only " + configs.size() + " traces");
        for (Path config : configs) {
            String stem = config.toString().substring(0, config.toString().length() - ".json".length());
            Trace trace = Trace.open(config, Path.of(stem + ".csv"));
            List<Event> truth = readTruth(Path.of(stem + ".truth.jsonl"));
            List<Event> found = new ArrayList<>();
            Detector d = Detectors.standard(trace.lanes(), trace.sps());
            try (Trace.Samples samples = trace.samples()) {
                while (samples.hasNext()) {
                    for (Detection x : d.accept(samples.next())) {
                        if (x.type() != Detection.Type.LIFT) {
                            found.add(new Event(x.lane(), key(x), x.tMs(), x.tMs()));
                        }
                    }
                }
            }
            score(truth, found, byKind);
            Map<String, Integer> want = new HashMap<>();
            trace.lanes().forEach(l -> want.put(l.id(), l.initialQty()));
            for (Event e : truth) {
                want.merge(e.lane(), delta(e.key()), Integer::sum);
            }
            lanesAll += want.size();
            for (var e : want.entrySet()) {
                lanesRight += e.getValue().equals(d.counts().get(e.getKey())) ? 1 : 0;
            }
        }
        int[] counted = new int[3];
        for (var e : byKind.entrySet()) {
            double f1 = f1(e.getValue());
            assertTrue(f1 >= 0.97, e.getKey() + " F1 " + f1 + " (tp, fp, fn) " + java.util.Arrays.toString(e.getValue()));
            if (!e.getKey().startsWith("anomaly")) {
                for (int i = 0; i < 3; i++) {
                    counted[i] += e.getValue()[i];
                }
            }
        }
        assertTrue(f1(counted) >= 0.99, "F1 over picks, put-backs and restocks " + f1(counted));
        assertEquals(lanesAll, lanesRight, "lanes ending with the right count");
    }

    private static void score(List<Event> truth, List<Event> found, Map<String, int[]> byKind) {
        boolean[] used = new boolean[found.size()];
        List<Event> sorted = new ArrayList<>(truth);
        sorted.sort(Comparator.comparingLong(Event::tMs));
        for (Event t : sorted) {
            int best = -1;
            for (int i = 0; i < found.size(); i++) {
                Event f = found.get(i);
                if (used[i] || !f.lane().equals(t.lane()) || !f.key().equals(t.key())
                        || f.tMs() < t.tStartMs() - 300 || f.tMs() > t.tMs() + 2000) {
                    continue;
                }
                if (best < 0 || Math.abs(f.tMs() - t.tMs()) < Math.abs(found.get(best).tMs() - t.tMs())) {
                    best = i;
                }
            }
            int[] c = byKind.computeIfAbsent(kind(t.key()), k -> new int[3]);
            if (best >= 0) {
                used[best] = true;
                c[0]++;
            } else {
                c[2]++;
            }
        }
        for (int i = 0; i < found.size(); i++) {
            if (!used[i]) {
                byKind.computeIfAbsent(kind(found.get(i).key()), k -> new int[3])[1]++;
            }
        }
    }

    private static double f1(int[] tpFpFn) {
        double p = tpFpFn[0] / Math.max(1.0, tpFpFn[0] + tpFpFn[1]);
        double r = tpFpFn[0] / Math.max(1.0, tpFpFn[0] + tpFpFn[2]);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    private static String kind(String key) {
        return key.startsWith("anomaly") ? key : key.substring(0, key.indexOf(':'));
    }

    private static int delta(String key) {
        String[] p = key.split(":");
        return switch (p[0]) {
            case "pick" -> -Integer.parseInt(p[1]);
            case "putback", "restock" -> Integer.parseInt(p[1]);
            default -> 0;
        };
    }

    private static String key(Detection x) {
        return x.type() == Detection.Type.ANOMALY ? "anomaly:" + x.kind().wireName()
                : x.type().name().toLowerCase(java.util.Locale.ROOT) + ":" + x.qty();
    }

    private static List<Event> readTruth(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Event> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode n = json.readTree(line);
            String type = n.get("type").asText();
            String key = type.equals("anomaly") ? "anomaly:" + n.get("kind").asText() : type + ":" + n.path("qty").asInt(1);
            long t = n.get("t_ms").asLong();
            out.add(new Event(n.get("lane").asText(), key, t, n.path("t_start_ms").asLong(t)));
        }
        return out;
    }
}
