package org.ssk.hub.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssk.hub.Hub;
import org.ssk.hub.HubConfig;
import org.ssk.hub.Storage;
import org.ssk.hub.TestHttp;
import org.ssk.hub.ledger.HubStores;

/**
 * Seeded fuzzing of the REST API of a running hub with the real stores: {@value #DEFAULT_REQUESTS}
 * generated requests ({@code -Dssk.fuzz.rest=N} for more or fewer) over every documented operation,
 * as an admin, with mutated paths, query strings and JSON bodies (wrong types, huge and
 * non-finite numbers, deep nesting, unicode, control characters, oversized bodies, wrong content
 * types). Every answer must be a status below 500 (503 only where the hub says its broker is
 * away) with a JSON {@code {"error","reason"}} body for each 4xx; each rejection is counted in
 * {@code ssk_http_rejected_total}; and the ledger holds no row a valid request could not have
 * made. Operations that end the fuzzer's own session (logout, disabling users, revoking tokens)
 * are left out.
 */
class RestFuzzTest {
    static final int DEFAULT_REQUESTS = 100_000;
    private static final long SEED = 20_261_123L;
    private static final String[] WEIRD = {"", " ", "0", "-1", "1e309", "NaN", "null", "true", "[]", "{}",
        "S1", "S9", "ly-honey-500", "..%2F..%2Fetc%2Fpasswd", "%00", "%FF%FE", "%E4%B8%AD%E6%96%87", "a%2Fb",
        "x".repeat(300), "<script>alert(1)</script>", "'; DROP TABLE sale_line; --", "2026-02-30", "9999-12-31",
        "0001-01-01", "99999999999999999999", "\u0000", "%F0%9F%8D%8E", "month", "county", "csv"};
    private static final Object[] VALUES = {null, "", "x", -1, 0, 1, 7, Integer.MAX_VALUE, Long.MAX_VALUE,
        Long.MIN_VALUE, 1e308, -0.0, 3.5, true, false, "中文", "\u202e\u0000\uFFFF", "<img src=x onerror=alert(1)>",
        "'; DELETE FROM sale_line; --", "x".repeat(70_000), List.of(), Map.of(), List.of(1, "a"), Map.of("a", 1)};
    private static final String[] FIELDS = {"order_id", "channel", "t_ms", "lines", "sku", "qty", "shelf", "refers_to",
        "entry_id", "kind", "lane", "counted", "note", "username", "password", "session", "role", "label",
        "disabled", "event_id", "decision"};
    private static final String[] KINDS = {"restock_declared", "stocktake", "correction", "bogus"};
    private static final String[] CHANNELS = {"pos", "online", "kiosk", "fax"};

    private record Op(String method, String path) {
    }

    @Test
    void generatedRequestsNeverCrashTheHubNorWriteABadLedgerRow(@TempDir Path dir) throws Exception {
        int n = Integer.getInteger("ssk.fuzz.rest", DEFAULT_REQUESTS);
        HubConfig config = HubConfig.defaults().withHttpPort(0).withMqttPort(0).withDataDir(dir.toString());
        HubStores stores = Storage.openWithSampleCatalog(config);
        stores.accounts().createFirstAdmin("root", "fuzzing-admin-pw".toCharArray());
        try (Hub hub = Hub.start(config, stores, List.of())) {
            await().atMost(Duration.ofSeconds(10)).until(hub::brokerConnected);
            String token = TestHttp.login(hub.httpPort(), "root", "fuzzing-admin-pw");
            List<Op> ops = operations();
            Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
            AtomicLong errorsSeen = new AtomicLong();
            AtomicReference<String> firstProblem = new AtomicReference<>();
            Semaphore inFlight = new Semaphore(16);
            SplittableRandom rnd = new SplittableRandom(SEED);
            try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
                for (int i = 0; i < n; i++) {
                    HttpRequest req = request(rnd, ops.get(rnd.nextInt(ops.size())), hub.httpPort(), token);
                    String what = req.method() + " " + req.uri().getRawPath();
                    inFlight.acquire();
                    http.sendAsync(req, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
                        inFlight.release();
                        if (e != null) {
                            firstProblem.compareAndSet(null, what + " failed: " + e);
                            return;
                        }
                        statuses.computeIfAbsent(r.statusCode(), k -> new AtomicInteger()).incrementAndGet();
                        String problem = check(r);
                        if (problem != null) {
                            firstProblem.compareAndSet(null, what + ": " + problem);
                        }
                        if (r.statusCode() >= 400) {
                            errorsSeen.incrementAndGet();
                        }
                    });
                }
                inFlight.acquire(16);
            }
            System.out.println("REST fuzz: " + n + " requests, answers by status " + new java.util.TreeMap<>(statuses));
            assertEquals(null, firstProblem.get());
            double counted = hub.metrics().find("ssk_http_rejected").counters().stream()
                    .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
            assertEquals(errorsSeen.get(), (long) counted, "every rejection is counted");
            assertTrue(statuses.keySet().stream().anyMatch(s -> s < 300), "some requests were valid: " + statuses);
            assertNoBadLedgerRows(stores);
        }
    }

    /** Null when the answer is acceptable; else what is wrong with it. */
    private static String check(HttpResponse<String> r) {
        int s = r.statusCode();
        if (s >= 500 && !(s == 503 && r.body().contains("broker_unavailable"))) {
            return "HTTP " + s + " " + r.body();
        }
        if (s >= 400) {
            try {
                JsonObject b = new JsonObject(r.body());
                if (b.getString("error") == null || b.getString("reason") == null) {
                    return "error without error/reason: " + r.body();
                }
                if (r.body().contains("\tat ") || r.body().contains("Exception")) {
                    return "a stack trace or exception name reached the client: " + r.body();
                }
            } catch (RuntimeException e) {
                return "HTTP " + s + " with a body that is not JSON: " + r.body();
            }
        }
        return null;
    }

    private static void assertNoBadLedgerRows(HubStores stores) throws Exception {
        try (Connection c = stores.database().connect(); Statement st = c.createStatement()) {
            // Refunds (negative qty) must name the order they refund.
            String[] bad = {
                "SELECT order_id, sku, qty, price_fen, amount_fen, channel, refers_to FROM sale_line WHERE qty = 0"
                    + " OR (qty < 0 AND refers_to IS NULL) OR amount_fen <> qty * price_fen"
                    + " OR sku NOT IN (SELECT sku FROM product) OR channel NOT IN ('pos','online','kiosk')",
                "SELECT entry_id, kind, shelf, lane FROM stock_entry"
                    + " WHERE kind NOT IN ('restock_declared','stocktake','correction')"
                    + " OR shelf NOT IN (SELECT id FROM shelf)",
            };
            for (String q : bad) {
                List<String> rows = new ArrayList<>();
                try (ResultSet rs = st.executeQuery(q)) {
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                            row.append(i > 1 ? " | " : "").append(rs.getString(i));
                        }
                        rows.add(row.toString());
                    }
                }
                assertEquals(List.of(), rows, q);
            }
        }
    }

    private static List<Op> operations() {
        JsonObject paths = new JsonObject(RouterFactory.OPENAPI).getJsonObject("paths");
        List<Op> ops = new ArrayList<>();
        paths.forEach(p -> ((JsonObject) p.getValue()).fieldNames().forEach(m -> {
            String method = m.toUpperCase(java.util.Locale.ROOT);
            boolean endsOwnSession = p.getKey().equals("/api/v1/auth/logout") || p.getKey().startsWith("/api/v1/users/")
                    || method.equals("DELETE") || p.getKey().startsWith("/api/v1/demo/");
            if (!endsOwnSession) {
                ops.add(new Op(method, p.getKey()));
            }
        }));
        ops.add(new Op("GET", "/api/v1/{x}"));
        ops.add(new Op("PUT", "/api/v1/sales"));
        return ops;
    }

    private static HttpRequest request(SplittableRandom rnd, Op op, int port, String token) {
        StringBuilder path = new StringBuilder();
        for (String part : op.path().split("/", -1)) {
            if (!path.isEmpty() || !part.isEmpty()) {
                path.append('/');
            }
            path.append(part.startsWith("{") ? pathValue(rnd, part) : part);
        }
        if (rnd.nextInt(3) == 0) {
            path.append('?');
            for (int i = rnd.nextInt(4); i >= 0; i--) {
                path.append(pick(rnd, "from", "to", "on", "days", "window_s", "qty", "x")).append('=')
                        .append(pick(rnd, WEIRD)).append('&');
            }
        }
        URI uri;
        try {
            uri = URI.create("http://127.0.0.1:" + port + path);
        } catch (IllegalArgumentException e) {
            uri = URI.create("http://127.0.0.1:" + port + op.path().replaceAll("\\{[^}]+}", "x"));
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60));
        if (rnd.nextInt(50) != 0) {
            b.header("Authorization", "Bearer " + token);
        }
        byte[] body = op.method().equals("GET") ? null : body(rnd, op);
        if (body != null) {
            b.header("content-type", pick(rnd, "application/json", "application/json", "application/json", "text/plain",
                    "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"));
        }
        return b.method(op.method(), body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private static String pathValue(SplittableRandom rnd, String param) {
        return switch (rnd.nextInt(3)) {
            case 0 -> pick(rnd, WEIRD);
            case 1 -> switch (param) {
                case "{shelf}" -> pick(rnd, "S1", "S2", "S3");
                case "{sku}" -> pick(rnd, "ly-honey-500", "ly-kiwi-1000", "nope");
                case "{dimension}" -> pick(rnd, "shelf", "product", "county", "producer", "day", "week", "month",
                        "certification", "galaxy");
                default -> "1";
            };
            default -> Integer.toString(rnd.nextInt(1000));
        };
    }

    private static byte[] body(SplittableRandom rnd, Op op) {
        int shape = rnd.nextInt(10);
        if (shape == 0) {
            return junk(rnd);
        }
        if (shape == 1) {
            return ("[".repeat(rnd.nextInt(1, 5000)) + "]".repeat(rnd.nextInt(5000)))
                    .getBytes(StandardCharsets.UTF_8);
        }
        JsonObject o = template(rnd, op.path());
        for (int i = rnd.nextInt(4); i > 0; i--) {
            o.put(pick(rnd, FIELDS), pick(rnd, VALUES));
        }
        String json = o.encode();
        if (shape == 2 && json.length() > 2) {
            int cut = rnd.nextInt(json.length());
            json = json.substring(0, cut);
        }
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** A request body that is valid or nearly valid for the operation, so mutations reach deep code. */
    private static JsonObject template(SplittableRandom rnd, String path) {
        long t = System.currentTimeMillis() - rnd.nextLong(0, 90L * 86_400_000);
        return switch (path) {
            case "/api/v1/sales" -> new JsonObject().put("order_id", "F-" + rnd.nextInt(5000))
                    .put("channel", pick(rnd, CHANNELS)).put("t_ms", t).put("lines", new io.vertx.core.json.JsonArray()
                            .add(new JsonObject().put("sku", pick(rnd, "ly-honey-500", "ly-kiwi-1000", "nope"))
                                    .put("qty", rnd.nextInt(-2, 5)).put("shelf", pick(rnd, "S1", "S3", null))));
            case "/api/v1/stock-entries" -> new JsonObject().put("entry_id", "E-" + rnd.nextInt(5000))
                    .put("kind", pick(rnd, KINDS)).put("shelf", pick(rnd, "S1", "S2", "S9")).put("lane", "1")
                    .put("sku", "ly-honey-500").put("t_ms", t).put("qty", rnd.nextInt(-3, 10))
                    .put("counted", rnd.nextInt(-1, 10));
            case "/api/v1/auth/login" -> new JsonObject().put("username", pick(rnd, "nobody", "x", "中文"))
                    .put("password", "wrong-password");
            case "/api/v1/users" -> new JsonObject().put("username", "u" + rnd.nextInt(100000))
                    .put("role", pick(rnd, "staff", "operator", "kiosk", "god"))
                    // A valid password costs a bcrypt hash (a quarter second): rarely.
                    .put("password", rnd.nextInt(200) == 0 ? "long-enough-password" : "short");
            case "/api/v1/ledger/quarantine/decisions" -> new JsonObject()
                    .put("event_id", pick(rnd, "S1/x/1", "S2/atk/" + rnd.nextInt(9), "", "../../etc"))
                    .put("decision", pick(rnd, "release", "reject", "approve"));
            case "/api/v1/kiosk-tokens" -> new JsonObject().put("label", pick(rnd, "k", "", "<b>x</b>"));
            default -> new JsonObject();
        };
    }

    private static byte[] junk(SplittableRandom rnd) {
        byte[] b = new byte[rnd.nextInt(0, rnd.nextInt(20) == 0 ? 80_000 : 300)];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) rnd.nextInt(256);
        }
        return b;
    }

    @SafeVarargs
    private static <T> T pick(SplittableRandom rnd, T... options) {
        return options[rnd.nextInt(options.length)];
    }
}
