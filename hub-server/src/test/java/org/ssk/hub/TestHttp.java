package org.ssk.hub;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** Small blocking HTTP and WebSocket helpers for tests, on the JDK's client. */
public final class TestHttp {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

    /** Bearer token sent to each hub port by {@link #get}, {@link #post} and {@link Kiosk#open}. */
    private static final java.util.Map<Integer, String> TOKENS = new java.util.concurrent.ConcurrentHashMap<>();

    private TestHttp() {
    }

    /** From now on, requests to the hub on {@code port} carry {@code token} (null: none). */
    public static void authorize(int port, String token) {
        if (token == null) {
            TOKENS.remove(port);
        } else {
            TOKENS.put(port, token);
        }
    }

    private static HttpRequest.Builder request(int port, String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30));
        String token = TOKENS.get(port);
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }

    public static HttpResponse<String> get(int port, String path) throws Exception {
        return CLIENT.send(request(port, path).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A GET without any token. */
    public static HttpResponse<String> anonymousGet(int port, String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    public static HttpResponse<String> post(int port, String path) throws Exception {
        return CLIENT.send(request(port, path).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A POST of a JSON body with the port's token, if any. */
    public static HttpResponse<String> postJson(int port, String path, String json) throws Exception {
        return CLIENT.send(request(port, path).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Signs in and returns the bearer token. */
    public static String login(int port, String user, String password) throws Exception {
        HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/v1/auth/login")).timeout(Duration.ofSeconds(30)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(new io.vertx.core.json.JsonObject().put("username", user)
                        .put("password", password).encode())).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("login of " + user + " failed: " + r.statusCode() + " " + r.body());
        }
        return new io.vertx.core.json.JsonObject(r.body()).getString("token");
    }

    /** A kiosk connection collecting every text frame with its arrival time (nanoTime). */
    public static final class Kiosk implements WebSocket.Listener, AutoCloseable {
        public record Frame(String text, long nanos) {
        }

        public final List<Frame> frames = new CopyOnWriteArrayList<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket ws;

        public static Kiosk open(int port, String shelf) throws Exception {
            Kiosk k = new Kiosk();
            k.ws = CLIENT.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30))
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws/kiosk/" + shelf
                            + (TOKENS.containsKey(port) ? "?token=" + TOKENS.get(port) : "")), k)
                    .get(30, TimeUnit.SECONDS);
            return k;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(new Frame(partial.toString(), System.nanoTime()));
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        public List<String> texts() {
            return frames.stream().map(Frame::text).toList();
        }

        @Override
        public void close() {
            ws.abort();
        }
    }
}
