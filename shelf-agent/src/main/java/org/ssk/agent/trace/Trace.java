package org.ssk.agent.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.ssk.agent.detect.LaneSpec;
import org.ssk.agent.detect.Sample;

/**
 * A recorded shelf trace in the format of {@code shared/traces/README.md}: a JSON description of
 * the shelf ({@code sps}, {@code lanes[]}) and a CSV of {@code t_ms,sensor,value} rows, where sensor
 * is {@code lane:<id>}, {@code prox:<shelf>} or {@code mode}. Rows are streamed, never loaded whole.
 * A CSV may be gzip'd ({@code TRACE.csv.gz}, read when named so or when the plain file is absent).
 */
public final class Trace {
    private final String shelf;
    private final int sps;
    private final List<LaneSpec> lanes;
    private final Path csv;

    private Trace(String shelf, int sps, List<LaneSpec> lanes, Path csv) {
        this.shelf = shelf;
        this.sps = sps;
        this.lanes = List.copyOf(lanes);
        this.csv = csv;
    }

    /** Reads the shelf description; the CSV is opened by {@link #samples()}. */
    public static Trace open(Path config, Path csv) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(config.toFile());
        } catch (IOException e) {
            throw new IOException(config + " is not valid JSON: " + e.getMessage(), e);
        }
        int sps = root.path("sps").asInt(0);
        if (sps <= 0) {
            throw new IOException(config + ": \"sps\" must be a positive number of samples per second");
        }
        List<LaneSpec> lanes = new ArrayList<>();
        for (JsonNode l : root.path("lanes")) {
            try {
                lanes.add(new LaneSpec(l.path("id").asText(), l.hasNonNull("sku") ? l.get("sku").asText() : null,
                        l.path("unitGrams").asDouble(), l.path("capacityGrams").asDouble(),
                        l.path("initialQty").asInt()));
            } catch (IllegalArgumentException e) {
                throw new IOException(config + ": " + e.getMessage(), e);
            }
        }
        if (lanes.isEmpty()) {
            throw new IOException(config + ": no lanes");
        }
        if (!Files.isReadable(csv) && Files.isReadable(Path.of(csv + ".gz"))) {
            // Traces kept in the repository are gzip'd; the scorer still names the plain file.
            csv = Path.of(csv + ".gz");
        }
        if (!Files.isReadable(csv)) {
            throw new IOException(csv + ": cannot read");
        }
        return new Trace(root.path("shelf").asText("S"), sps, lanes, csv);
    }

    public String shelf() {
        return shelf;
    }

    public int sps() {
        return sps;
    }

    public List<LaneSpec> lanes() {
        return lanes;
    }

    /**
     * Streams the samples. The iterator throws {@link UncheckedIOException} with the line number
     * on a malformed row; close the returned {@link Samples} when done.
     */
    public Samples samples() throws IOException {
        if (csv.toString().endsWith(".gz")) {
            java.io.InputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(csv), 1 << 16);
            return new Samples(new BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16), csv);
        }
        return new Samples(Files.newBufferedReader(csv, StandardCharsets.UTF_8), csv);
    }

    /** An iterator over a trace's rows that owns the open file. */
    public static final class Samples implements Iterator<Sample>, AutoCloseable {
        private final BufferedReader in;
        private final Path file;
        private Sample next;
        private long line;

        Samples(BufferedReader in, Path file) {
            this.in = in;
            this.file = file;
        }

        @Override
        public boolean hasNext() {
            while (next == null) {
                String row;
                try {
                    row = in.readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if (row == null) {
                    return false;
                }
                line++;
                if (line == 1 && row.startsWith("t_ms")) {
                    continue;
                }
                if (!row.isBlank()) {
                    next = parse(row);
                }
            }
            return true;
        }

        @Override
        public Sample next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Sample s = next;
            next = null;
            return s;
        }

        private Sample parse(String row) {
            int a = row.indexOf(',');
            int b = a < 0 ? -1 : row.indexOf(',', a + 1);
            if (b < 0) {
                throw bad(row, "expected t_ms,sensor,value");
            }
            String sensor = row.substring(a + 1, b);
            String value = row.substring(b + 1).trim();
            try {
                long t = Long.parseLong(row.substring(0, a).trim());
                if (sensor.startsWith("lane:")) {
                    return new Sample.Weight(t, sensor.substring(5), Double.parseDouble(value));
                }
                if (sensor.startsWith("prox:")) {
                    return new Sample.Proximity(t, Double.parseDouble(value));
                }
                if (sensor.equals("mode")) {
                    return new Sample.Mode(t, value.equals("restock"));
                }
            } catch (NumberFormatException e) {
                throw bad(row, "not a number");
            }
            throw bad(row, "unknown sensor " + sensor);
        }

        private UncheckedIOException bad(String row, String why) {
            return new UncheckedIOException(new IOException(file + ":" + line + ": " + why + ": " + row));
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
