package org.ssk.hub.region;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.ssk.protocol.region.EntryLines;
import org.ssk.protocol.region.EntryPage;
import org.ssk.protocol.region.RegionCodec;
import org.ssk.protocol.region.UploadAnswer;
import org.ssk.protocol.region.UploadBatch;

/**
 * {@link RegionClient} over HTTPS with the JDK's client (TLS verified against the JVM's trust
 * store), the center's upload secret as {@code Authorization: Bearer}. Thread-safe.
 */
public final class HttpRegionClient implements RegionClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private final URI base;
    private final String secret;
    private final HttpClient http;

    public HttpRegionClient(String baseUrl, String secret) {
        this(baseUrl, secret, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build());
    }

    /** Over {@code http}, which several may share (the bench's simulated centers do). */
    public HttpRegionClient(String baseUrl, String secret, HttpClient http) {
        this.http = http;
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
        this.secret = secret;
    }

    @Override
    public UploadAnswer head(String center) throws Unavailable, Refused {
        return answer(HttpRequest.newBuilder(base.resolve("api/v1/centers/" + center + "/head")).GET());
    }

    @Override
    public UploadAnswer upload(UploadBatch batch) throws Unavailable, Refused {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("api/v1/centers/" + batch.center() + "/entries"));
        if (EntryLines.encodable(batch)) {
            request.header("content-type", EntryLines.CONTENT_TYPE + "; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(EntryLines.encode(batch)));
        } else {
            request.header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(RegionCodec.encodeUtf8(batch)));
        }
        return answer(request);
    }

    @Override
    public java.util.Optional<org.ssk.protocol.region.CertifiedList> certified(String ifNoneMatch)
            throws Unavailable, Refused {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("api/v1/certified")).GET();
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        HttpResponse<String> r = send(request);
        if (r.statusCode() == 304) {
            return java.util.Optional.empty();
        }
        check(r);
        try {
            return java.util.Optional.of(RegionCodec.decodeCertifiedList(r.body()));
        } catch (IllegalArgumentException e) {
            throw new Unavailable("region answered something else than the certified list: " + e.getMessage(), e);
        }
    }

    @Override
    public void status(String center, long headSeq, CenterHealth health) throws Unavailable, Refused {
        String body = "{\"head_seq\":" + headSeq + ",\"offline_shelves\":" + health.offlineShelves()
                + ",\"open_alerts\":" + health.openAlerts() + "}";
        HttpResponse<String> r = send(HttpRequest.newBuilder(base.resolve("api/v1/centers/" + center + "/status"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
        if (r.statusCode() != 204) {
            check(r);
        }
    }

    @Override
    public EntryPage entries(String center, long after, int limit) throws Unavailable, Refused {
        HttpResponse<String> r = send(HttpRequest.newBuilder(base.resolve("api/v1/centers/" + center
                + "/entries?after=" + after + "&limit=" + limit)).GET());
        check(r);
        try {
            return RegionCodec.decodePage(r.body());
        } catch (IllegalArgumentException e) {
            throw new Unavailable("region answered something else than a page of entries: " + e.getMessage(), e);
        }
    }

    private UploadAnswer answer(HttpRequest.Builder request) throws Unavailable, Refused {
        HttpResponse<String> r = send(request);
        check(r);
        try {
            return RegionCodec.decodeAnswer(r.body());
        } catch (IllegalArgumentException e) {
            throw new Unavailable("region answered something else than an upload answer: " + e.getMessage(), e);
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Unavailable {
        HttpResponse<String> r;
        try {
            r = http.send(request.timeout(TIMEOUT).header("Authorization", "Bearer " + secret).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new Unavailable("region unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted", e);
        }
        return r;
    }

    private static void check(HttpResponse<String> r) throws Unavailable, Refused {
        if (r.statusCode() >= 500 || r.statusCode() == 429) {
            throw new Unavailable("region answered " + r.statusCode(), null);
        }
        if (r.statusCode() != 200) {
            throw new Refused(r.statusCode(), "region refused (" + r.statusCode() + "): "
                    + r.body().substring(0, Math.min(500, r.body().length())));
        }
    }
}
