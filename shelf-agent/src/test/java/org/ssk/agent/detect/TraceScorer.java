package org.ssk.agent.detect;

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
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.ssk.agent.trace.Trace;

/**
 * Scores the production detector over a folder of traces with exactly the rules of
 * {@code tools/score_events.py} (a copy of the project's shared scorer), so the suite's figures are
 * the ones docs/detection.md gives: a detection matches the earliest-sorted truth event of the same
 * lane, type and quantity (kind for anomalies) whose window [t_start - 300 ms, t + 2000 ms] holds it,
 * the closest in time, each side once; F1 over picks, put-backs and restocks; lanes ending right
 * from the events; pick latency after settling and lift latency after half the weight left as
 * nearest-rank 95th percentiles, the latter over shelves of 40 samples per second and more.
 */
final class TraceScorer {
    static final long EARLY_MS = 300;
    static final long LATE_MS = 2000;

    /**
     * One truth or detected event: {@code what} is {@code pick:2} (type and quantity) or
     * {@code anomaly:foreign_item}; {@code tHalfMs} is -1 when absent.
     */
    record Event(String lane, String type, String what, long tMs, long tStartMs, long tHalfMs) {
    }

    /** The headline figures; {@code byKind} holds tp, fp, fn per type and anomaly kind. */
    record Score(Map<String, int[]> byKind, int lanesRight, int lanesAll, List<Long> pickLatencies,
                 Map<Integer, List<Long>> liftLatencies, int picksWithoutLift, int traces, int decided,
                 int unseen) {

        double f1(String... kinds) {
            int[] s = new int[3];
            for (String k : kinds) {
                int[] c = byKind.getOrDefault(k, new int[3]);
                for (int i = 0; i < 3; i++) {
                    s[i] += c[i];
                }
            }
            double p = s[0] / Math.max(1.0, s[0] + s[1]);
            double r = s[0] / Math.max(1.0, s[0] + s[2]);
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }

        double countedF1() {
            return f1("pick", "putback", "restock");
        }

        long pickP95() {
            return p95(pickLatencies);
        }

        /** Over shelves of 40 samples per second and more, as the scorer's lift_p95_ms. */
        long liftP95() {
            List<Long> fast = new ArrayList<>();
            liftLatencies.forEach((sps, xs) -> {
                if (sps >= 40) {
                    fast.addAll(xs);
                }
            });
            return p95(fast);
        }

        static long p95(List<Long> xs) {
            if (xs.isEmpty()) {
                return Long.MIN_VALUE;
            }
            List<Long> s = new ArrayList<>(xs);
            s.sort(null);
            return s.get(Math.min(s.size() - 1, (int) Math.ceil(0.95 * s.size()) - 1));
        }

        String line() {
            return String.format(java.util.Locale.ROOT,
                    "F1 %.4f lanes_ok %d/%d traces %d worst_type_F1 %.4f pick_p95_ms %d lift_p95_ms %s"
                            + " picks_without_lift %d unseen %d/%d", countedF1(), lanesRight, lanesAll, traces,
                    byKind.keySet().stream().mapToDouble(this::f1).min().orElse(1), pickP95(),
                    liftP95() == Long.MIN_VALUE ? "n/a" : String.valueOf(liftP95()), picksWithoutLift, unseen, decided);
        }
    }

    private TraceScorer() {
    }

    /** Runs every trace in {@code dir} through the standard detector, each sample through {@code perturb} (null drops it). */
    static Score score(Path dir, UnaryOperator<Sample> perturb) throws IOException {
        return score(dir, perturb, 1);
    }

    /**
     * As {@link #score(Path, UnaryOperator)}, with the 80 SPS traces read at 80 / {@code keepEvery}
     * samples per second as {@code tools/perturb_traces.py}'s {@code decimate} does (every
     * {@code keepEvery}-th reading of each lane kept, the first dropped; traces of other rates left
     * out); {@code keepEvery} 1 reads every trace as recorded.
     */
    static Score score(Path dir, UnaryOperator<Sample> perturb, int keepEvery) throws IOException {
        Map<String, int[]> byKind = new TreeMap<>();
        List<Long> pickLat = new ArrayList<>();
        Map<Integer, List<Long>> liftLat = new TreeMap<>();
        int lanesRight = 0;
        int lanesAll = 0;
        int noLift = 0;
        int decided = 0;
        int unseen = 0;
        int scored = 0;
        List<Path> configs;
        try (var s = Files.list(dir)) {
            configs = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        for (Path config : configs) {
            String stem = config.toString().substring(0, config.toString().length() - ".json".length());
            Trace trace = Trace.open(config, Path.of(stem + ".csv"));
            if (keepEvery > 1 && trace.sps() != 80) {
                continue;
            }
            scored++;
            int sps = trace.sps() / keepEvery;
            Map<String, Integer> read = new HashMap<>();
            List<Event> truth = readTruth(Path.of(stem + ".truth.jsonl"));
            List<Event> found = new ArrayList<>();
            List<Event> lifts = new ArrayList<>();
            Detector d = Detectors.standard(trace.lanes(), sps);
            try (Trace.Samples samples = trace.samples()) {
                while (samples.hasNext()) {
                    Sample in = perturb.apply(samples.next());
                    if (in instanceof Sample.Weight w && read.merge(w.lane(), 1, Integer::sum) % keepEvery != 0) {
                        continue;
                    }
                    for (Detection x : in == null ? List.<Detection>of() : d.accept(in)) {
                        Event e = new Event(x.lane(), wireType(x), what(x), x.tMs(), x.tMs(), -1);
                        (x.type() == Detection.Type.LIFT ? lifts : found).add(e);
                        decided += x.type() == Detection.Type.LIFT ? 0 : 1;
                        unseen += x.unseen() ? 1 : 0;
                    }
                }
            }
            for (Event t : truth) {
                if (!t.type().equals("pick") || t.tHalfMs() < 0) {
                    continue;
                }
                Event first = lifts.stream().filter(l -> l.lane().equals(t.lane())
                        && l.tMs() >= t.tStartMs() - EARLY_MS && l.tMs() <= t.tMs() + LATE_MS).findFirst().orElse(null);
                if (first == null) {
                    noLift++;
                } else {
                    liftLat.computeIfAbsent(sps, k -> new ArrayList<>()).add(first.tMs() - t.tHalfMs());
                }
            }
            match(truth, found, byKind, pickLat);
            Map<String, Integer> want = new HashMap<>();
            Map<String, Integer> got = new HashMap<>();
            trace.lanes().forEach(l -> {
                want.put(l.id(), l.initialQty());
                got.put(l.id(), l.initialQty());
            });
            truth.forEach(e -> want.computeIfPresent(e.lane(), (k, n) -> n + delta(e.what())));
            found.forEach(e -> got.computeIfPresent(e.lane(), (k, n) -> n + delta(e.what())));
            lanesAll += want.size();
            for (var e : want.entrySet()) {
                lanesRight += e.getValue().equals(got.get(e.getKey())) ? 1 : 0;
            }
        }
        return new Score(byKind, lanesRight, lanesAll, pickLat, liftLat, noLift, scored, decided, unseen);
    }

    private static void match(List<Event> truth, List<Event> found, Map<String, int[]> byKind, List<Long> pickLat) {
        boolean[] used = new boolean[found.size()];
        List<Event> sorted = new ArrayList<>(truth);
        sorted.sort(Comparator.comparingLong(Event::tMs));
        for (Event t : sorted) {
            int best = -1;
            for (int i = 0; i < found.size(); i++) {
                Event f = found.get(i);
                if (used[i] || !f.lane().equals(t.lane()) || !f.what().equals(t.what()) || f.tMs() < t.tStartMs() - EARLY_MS || f.tMs() > t.tMs() + LATE_MS) {
                    continue;
                }
                if (best < 0 || Math.abs(f.tMs() - t.tMs()) < Math.abs(found.get(best).tMs() - t.tMs())) {
                    best = i;
                }
            }
            int[] c = byKind.computeIfAbsent(kind(t), k -> new int[3]);
            if (best >= 0) {
                used[best] = true;
                c[0]++;
                if (t.type().equals("pick")) {
                    pickLat.add(found.get(best).tMs() - t.tMs());
                }
            } else {
                c[2]++;
            }
        }
        for (int i = 0; i < found.size(); i++) {
            if (!used[i]) {
                byKind.computeIfAbsent(kind(found.get(i)), k -> new int[3])[1]++;
            }
        }
    }

    /** The scorer's row: the type, or {@code anomaly:KIND}. */
    private static String kind(Event e) {
        return e.type().equals("anomaly") ? e.what() : e.type();
    }

    private static int delta(String what) {
        String[] p = what.split(":");
        return switch (p[0]) {
            case "pick" -> -Integer.parseInt(p[1]);
            case "putback", "restock" -> Integer.parseInt(p[1]);
            default -> 0;
        };
    }

    private static String wireType(Detection x) {
        return x.type().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String what(Detection x) {
        return x.type() == Detection.Type.ANOMALY ? "anomaly:" + x.kind().wireName() : wireType(x) + ":" + x.qty();
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
            String lane = n.get("lane").asText();
            String what = type.equals("anomaly") ? "anomaly:" + n.get("kind").asText() : type + ":" + n.path("qty").asInt(1);
            long t = n.get("t_ms").asLong();
            out.add(new Event(lane, type, what, t, n.path("t_start_ms").asLong(t), n.path("t_half_ms").asLong(-1)));
        }
        return out;
    }
}
