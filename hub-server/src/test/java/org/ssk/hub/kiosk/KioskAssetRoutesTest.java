package org.ssk.hub.kiosk;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssk.hub.FakeStorage;
import org.ssk.hub.Hub;
import org.ssk.hub.HubConfig;

/**
 * The hub serves the kiosk's fonts from its fonts folder and product media from its data folder:
 * a face cut out of a collection, cache headers that let a screen keep it, 404 in words when the
 * package is missing, byte ranges for videos, nothing outside the media folder.
 */
class KioskAssetRoutesTest {
    @TempDir
    static Path dir;
    static Hub hub;
    static final HttpClient CLIENT = HttpClient.newHttpClient();
    static final byte[] CLIP = new byte[10_000];

    @BeforeAll
    static void start() throws Exception {
        Path fonts = Files.createDirectories(dir.resolve("fonts"));
        Files.write(fonts.resolve("NotoSansCJK-Regular.ttc"), FontCollectionTest.collection(
                List.of("Noto Sans CJK JP", "Noto Sans CJK KR", "Noto Sans CJK SC", "Noto Sans CJK TC")));
        Path data = dir.resolve("data");
        for (int i = 0; i < CLIP.length; i++) {
            CLIP[i] = (byte) i;
        }
        Files.write(Files.createDirectories(data.resolve("media")).resolve("clip.webm"), CLIP);
        Files.writeString(data.resolve("secret.txt"), "not media");
        HubConfig config = HubConfig.defaults().withHttpPort(0).withMqttPort(0).withDataDir(data.toString())
                .withFontsDir(fonts.toString());
        hub = Hub.start(config, new FakeStorage(), List.of());
        await().atMost(Duration.ofSeconds(30)).until(hub::brokerConnected);
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    static HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort() + path));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void theSimplifiedChineseFaceIsServedAloneWithAYearLongCache() throws Exception {
        HttpResponse<byte[]> r = get("/assets/fonts/NotoSansSC-Regular.otf");
        assertEquals(200, r.statusCode());
        assertEquals("font/otf", r.headers().firstValue("content-type").orElseThrow());
        assertEquals("public, max-age=31536000, immutable", r.headers().firstValue("cache-control").orElseThrow());
        assertEquals(List.of("Noto Sans CJK SC"), FontCollection.families(r.body()));

        String etag = r.headers().firstValue("etag").orElseThrow();
        HttpResponse<byte[]> again = get("/assets/fonts/NotoSansSC-Regular.otf", "If-None-Match", etag);
        assertEquals(304, again.statusCode());
        assertEquals(0, again.body().length);
    }

    @Test
    void aFaceThatIsNotInstalledIs404NamingThePackage() throws Exception {
        HttpResponse<byte[]> r = get("/assets/fonts/NotoSerifSC-Bold.otf");
        assertEquals(404, r.statusCode());
        assertTrue(new String(r.body()).contains("fonts-noto-cjk"), new String(r.body()));
        assertEquals(404, get("/assets/fonts/..%2F..%2Fetc%2Fpasswd").statusCode());
        assertEquals(404, get("/assets/fonts/NotoSansCJK-Regular.ttc").statusCode());
    }

    @Test
    void theOtherAssetsAreStillServed() throws Exception {
        HttpResponse<byte[]> css = get("/assets/base.css");
        assertEquals(200, css.statusCode());
        assertTrue(new String(css.body()).contains("@font-face"));
    }

    @Test
    void mediaAreServedWithByteRangesForVideos() throws Exception {
        HttpResponse<byte[]> whole = get("/media/clip.webm");
        assertEquals(200, whole.statusCode());
        assertEquals("video/webm", whole.headers().firstValue("content-type").orElseThrow());
        assertArrayEquals(CLIP, whole.body());
        HttpResponse<byte[]> part = get("/media/clip.webm", "Range", "bytes=100-199");
        assertEquals(206, part.statusCode());
        assertArrayEquals(java.util.Arrays.copyOfRange(CLIP, 100, 200), part.body());
    }

    @Test
    void nothingOutsideTheMediaFolderIsServed() throws Exception {
        assertEquals(404, get("/media/../secret.txt").statusCode());
        assertEquals(404, get("/media/%2e%2e/secret.txt").statusCode());
        assertEquals(404, get("/media/missing.webm").statusCode());
    }
}
