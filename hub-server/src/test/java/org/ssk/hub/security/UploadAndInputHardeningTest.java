package org.ssk.hub.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssk.hub.Hub;
import org.ssk.hub.HubConfig;
import org.ssk.hub.TestHttp;
import org.ssk.hub.auth.Role;
import org.ssk.hub.catalog.ProductTable;
import org.ssk.sheets.Sheets;
import org.ssk.hub.catalog.ZipBombs;
import org.ssk.hub.ledger.JdbcStorage;

/**
 * The hub's doors of issue 13, tried for real against a running hub: workbook bombs, integers out
 * of range, bodies larger than allowed, error texts, data file modes, media addresses.
 */
@Order(1)
class UploadAndInputHardeningTest {
    private static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

    @TempDir
    Path dir;
    Path data;
    JdbcStorage stores;
    Hub hub;
    String operator;

    @BeforeEach
    void start() throws Exception {
        data = dir.resolve("data");
        HubConfig config = HubConfig.defaults().withHttpPort(0).withMqttPort(0).withDataDir(data.toString());
        stores = JdbcStorage.openWithSampleCatalog(config);
        hub = Hub.start(config, stores, List.of());
        stores.accounts().createUser("op1", Role.OPERATOR, "operator-password".toCharArray());
        operator = TestHttp.login(hub.httpPort(), "op1", "operator-password");
        TestHttp.authorize(hub.httpPort(), operator);
    }

    @AfterEach
    void stop() {
        TestHttp.authorize(hub.httpPort(), null);
        hub.close();
    }

    private HttpResponse<String> upload(String path, String type, byte[] body) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort() + path))
                .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + operator)
                .header("content-type", type).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void workbookBombsAreRefusedWithAReasonWhileHealthKeepsAnswering() throws Exception {
        byte[] bomb = ZipBombs.bomb("xl/sharedStrings.xml", 96L << 20);
        byte[] liar = ZipBombs.lying(ZipBombs.bomb("xl/sharedStrings.xml", 16L << 20), 1000);
        List<CompletableFuture<HttpResponse<String>>> uploads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            for (byte[] b : List.of(bomb, liar)) {
                uploads.add(CLIENT.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort()
                                + "/api/v1/catalog/products/import")).timeout(Duration.ofSeconds(60))
                        .header("Authorization", "Bearer " + operator).header("content-type", XLSX)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(b)).build(), HttpResponse.BodyHandlers.ofString()));
            }
        }
        AtomicInteger healthy = new AtomicInteger();
        while (!uploads.stream().allMatch(CompletableFuture::isDone)) {
            assertEquals(200, TestHttp.anonymousGet(hub.httpPort(), "/health").statusCode());
            healthy.incrementAndGet();
        }
        assertTrue(healthy.get() > 0);
        for (CompletableFuture<HttpResponse<String>> u : uploads) {
            HttpResponse<String> r = u.join();
            assertEquals(413, r.statusCode(), r.body());
            String reason = new JsonObject(r.body()).getString("reason");
            assertTrue(reason.contains("workbook"), reason);
        }
        assertEquals(200, TestHttp.anonymousGet(hub.httpPort(), "/health").statusCode());
    }

    @Test
    void aDamagedWorkbookIsA400WithoutParserClassNames() throws Exception {
        byte[] notReally = Sheets.toXlsx("t", List.of(List.of("a")));
        notReally[notReally.length / 2] ^= 0x5A;
        notReally[notReally.length / 3] ^= 0x5A;
        HttpResponse<String> r = upload("/api/v1/catalog/products/import", XLSX, notReally);
        assertEquals(400, r.statusCode(), r.body());
        assertFalse(r.body().matches("(?s).*(Exception|org\\.|java\\.|dhatim).*"), r.body());
    }

    @Test
    void integersOutOfRangeOrFractionalAre400AndNothingIsStored() throws Exception {
        int before = stores.ledger().stockEntries(0, Long.MAX_VALUE).size();
        for (String qty : List.of("4294967297", "1.9", "-4294967297", "\"3\"")) {
            HttpResponse<String> r = TestHttp.postJson(hub.httpPort(), "/api/v1/stock-entries", "{\"entry_id\":\"e-" + qty.hashCode()
                    + "\",\"kind\":\"correction\",\"shelf\":\"S1\",\"lane\":\"1\",\"sku\":\"dy-rice-2500\",\"qty\":" + qty
                    + ",\"note\":\"n\"}");
            assertEquals(400, r.statusCode(), qty + ": " + r.body());
            assertTrue(new JsonObject(r.body()).getString("reason").startsWith("qty"), r.body());
        }
        assertEquals(400, TestHttp.postJson(hub.httpPort(), "/api/v1/sales", "{\"order_id\":\"o1\",\"channel\":\"pos\","
                + "\"lines\":[{\"sku\":\"dy-rice-2500\",\"qty\":4294967297}]}").statusCode());
        assertEquals(before, stores.ledger().stockEntries(0, Long.MAX_VALUE).size());
        assertEquals(List.of(), stores.ledger().sales(0, Long.MAX_VALUE));
        assertEquals(201, TestHttp.postJson(hub.httpPort(), "/api/v1/stock-entries", "{\"entry_id\":\"e-ok\",\"kind\":"
                + "\"correction\",\"shelf\":\"S1\",\"lane\":\"1\",\"sku\":\"dy-rice-2500\",\"qty\":-2,\"note\":\"n\"}")
                .statusCode());
    }

    /** Sends headers announcing {@code length} bytes and only the first 64 KiB; answers the status line. */
    private String statusOfPartialPost(String path, long length, String auth) throws Exception {
        try (Socket s = new Socket("127.0.0.1", hub.httpPort())) {
            s.setSoTimeout(15_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + XLSX + "\r\n"
                    + (auth == null ? "" : "Authorization: Bearer " + auth + "\r\n")
                    + "Content-Length: " + length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[64 * 1024]);
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c >= 0 && c != '\r'; c = in.read()) {
                line.append((char) c);
            }
            return line.toString();
        }
    }

    @Test
    void anEightMegabyteBodyIsAnsweredBeforeItIsRead() throws Exception {
        long eight = 8L * 1024 * 1024;
        assertTrue(statusOfPartialPost("/api/v1/catalog/products/import", eight, null).contains(" 401"));
        assertTrue(statusOfPartialPost("/api/v1/catalog/products/import", eight, "not-a-token").contains(" 401"));
        assertTrue(statusOfPartialPost("/api/v1/stock-entries", eight, "not-a-token").contains(" 413"));
        assertTrue(statusOfPartialPost("/api/v1/catalog/products/import", eight + 1, operator).contains(" 413"));
    }

    @Test
    void catalogMediaAddressesAreHttpsOrOnThisHubOnEveryPathThatSetsThem() throws Exception {
        JsonObject row = new JsonArray(TestHttp.get(hub.httpPort(), "/api/v1/catalog/products").body()).getJsonObject(0);
        row.put("sku", "new-sku-1");
        for (String bad : List.of("javascript:alert(1)", "data:text/html,<script>1</script>", "http://evil.example/a.png",
                "//evil.example/a.png", " JavaScript:alert(1)")) {
            HttpResponse<String> r = TestHttp.postJson(hub.httpPort(), "/api/v1/catalog/products",
                    row.copy().put("image_url", bad).encode());
            assertEquals(400, r.statusCode(), bad + ": " + r.body());
            assertTrue(r.body().contains("image_url"), r.body());
            r = TestHttp.postJson(hub.httpPort(), "/api/v1/catalog/products", row.copy().put("video_url", bad).encode());
            assertEquals(400, r.statusCode(), bad + ": " + r.body());
            List<String> values = new ArrayList<>();
            for (String c : ProductTable.COLUMNS) {
                Object v = row.getValue(c);
                values.add(c.equals("image_url") ? bad : v == null ? "" : String.valueOf(v));
            }
            HttpResponse<String> imported = upload("/api/v1/catalog/products/import", "text/csv; charset=utf-8",
                    Sheets.toCsv(List.of(ProductTable.COLUMNS, values)));
            assertEquals(400, imported.statusCode(), imported.body());
            assertTrue(imported.body().contains("image_url"), imported.body());
        }
        assertEquals(201, TestHttp.postJson(hub.httpPort(), "/api/v1/catalog/products",
                row.copy().put("image_url", "https://cdn.example.org/rice.png").put("video_url", "/media/rice.mp4")
                        .encode()).statusCode());
    }

    @Test
    void dataFilesAreOwnerOnlyAndErrorsNameNoPath() throws Exception {
        if (!Files.getFileStore(dir).supportsFileAttributeView("posix")) {
            return;
        }
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("hub.db"))));
        Path backup = dir.resolve("backups/copy.db");
        stores.database().backupTo(backup);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(backup)));
        HttpResponse<String> media = TestHttp.anonymousGet(hub.httpPort(), "/media/nothing.mp4");
        assertEquals(404, media.statusCode());
        assertFalse(media.body().contains(dir.toString()), media.body());
    }
}
