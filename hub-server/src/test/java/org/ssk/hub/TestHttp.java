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
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestHttp() {
    }

    public static HttpResponse<String> get(int port, String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    public static HttpResponse<String> post(int port, String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
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
            k.ws = CLIENT.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws/kiosk/" + shelf), k)
                    .get(10, TimeUnit.SECONDS);
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
