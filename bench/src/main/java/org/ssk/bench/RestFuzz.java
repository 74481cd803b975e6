package org.ssk.bench;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Seeded fuzzing of the REST API of a running hub: generated requests over every operation of the
 * OpenAPI document the hub serves, as an admin, with mutated paths, query strings and JSON bodies
 * (wrong types, huge and non-finite numbers, deep nesting, unicode, control characters, oversized
 * bodies, wrong content types), 16 in flight. An answer is acceptable when its status is below 500
 * (503 only where the hub says its broker is away) and each 4xx has a JSON {@code {"error","reason"}}
 * body without a stack trace. Operations that end the fuzzer's own session (logout, disabling
 * users, revoking tokens) are left out. The same seed and count make the same requests.
 * Used by {@code bench rest-fuzz} and by {@code RestFuzzTest} (a smaller run).
 */
public final class RestFuzz {
    /** The seed of the suite's run and the bench command's default. */
    public static final long SEED = 20_261_123L;

    /**
     * What a run saw: answers by HTTP status, how many were 4xx/5xx, the first unacceptable answer
     * (null when none), and the wall time.
     */
    public record Outcome(int requests, SortedMap<Integer, Integer> statuses, long errorAnswers, String firstProblem,
                          long elapsedMs) {
    }

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

    private RestFuzz() {
    }

    /** Sends {@code requests} generated requests to the hub on {@code port} with an admin's {@code token}. */
    public static Outcome run(int port, String token, int requests, long seed) throws Exception {
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        AtomicLong errorsSeen = new AtomicLong();
        AtomicReference<String> firstProblem = new AtomicReference<>();
        Semaphore inFlight = new Semaphore(16);
        SplittableRandom rnd = new SplittableRandom(seed);
        long start = System.nanoTime();
        // HTTP/1.1: the fuzzer exercises the REST API, not the JDK client's cleartext HTTP/2 upgrade
        // (its first request, the upgrade, once went unanswered and the suite's run waited out 300 s).
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build()) {
            List<Op> ops = operations(http, port, token);
            for (int i = 0; i < requests; i++) {
                HttpRequest req = request(rnd, ops.get(rnd.nextInt(ops.size())), port, token);
                String what = req.method() + " " + req.uri().getRawPath();
                inFlight.acquire();
                // The permit goes back only once the answer is counted: the final acquire(16) then
                // means every answer is in the tallies.
                http.sendAsync(req, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
                    try {
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
                    } finally {
                        inFlight.release();
                    }
                });
            }
            inFlight.acquire(16);
        }
        SortedMap<Integer, Integer> byStatus = new TreeMap<>();
        statuses.forEach((s, c) -> byStatus.put(s, c.get()));
        return new Outcome(requests, byStatus, errorsSeen.get(), firstProblem.get(),
                (System.nanoTime() - start) / 1_000_000);
    }

    /** Logs in with a user name and password and returns the session token. */
    public static String login(int port, String user, String password) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/api/v1/auth/login")).timeout(Duration.ofSeconds(10)).header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("username", user)
                            .put("password", password).encode())).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("login of " + user + " failed: " + r.statusCode() + " " + r.body());
            }
            return new JsonObject(r.body()).getString("token");
        }
    }

    /**
     * Ledger rows no valid request could have made: sale lines with no quantity, unpriced, of an
     * unknown product or channel, refunds naming no order; stock entries of an unknown kind or shelf.
     */
    public static List<String> badLedgerRows(Connection c) throws SQLException {
        String[] bad = {
            "SELECT order_id, sku, qty, price_fen, amount_fen, channel, refers_to FROM sale_line WHERE qty = 0"
                + " OR (qty < 0 AND refers_to IS NULL) OR amount_fen <> qty * price_fen"
                + " OR sku NOT IN (SELECT sku FROM product) OR channel NOT IN ('pos','online','kiosk')",
            "SELECT entry_id, kind, shelf, lane FROM stock_entry"
                + " WHERE kind NOT IN ('restock_declared','stocktake','correction')"
                + " OR shelf NOT IN (SELECT id FROM shelf)",
        };
        List<String> rows = new ArrayList<>();
        try (Statement st = c.createStatement()) {
            for (String q : bad) {
                try (ResultSet rs = st.executeQuery(q)) {
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                            row.append(i > 1 ? " | " : "").append(rs.getString(i));
                        }
                        rows.add(row.toString());
                    }
                }
            }
        }
        return rows;
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

    /** The operations of the OpenAPI document the hub serves, less those that end the fuzzer's session. */
    private static List<Op> operations(HttpClient http, int port, String token) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/v1/openapi.json")).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("no OpenAPI document: HTTP " + r.statusCode());
        }
        JsonObject paths = new JsonObject(r.body()).getJsonObject("paths");
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
