package org.ssk.region;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A browser-like console session for REST tests: the session cookie and the CSRF token from signing in. */
record ConsoleSession(RegionHarness region, String cookie, String csrf, String role) {
    static HttpResponse<String> login(RegionHarness region, String user, String password) throws Exception {
        return region.send("/api/v1/auth/login", null, HttpRequest.newBuilder().header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("username", user).put("password", password)
                        .put("session", "cookie").encode())));
    }

    static ConsoleSession signIn(RegionHarness region, String user, String password) throws Exception {
        HttpResponse<String> r = login(region, user, password);
        if (r.statusCode() != 200) {
            throw new AssertionError("sign-in of " + user + ": " + r.statusCode() + " " + r.body());
        }
        String cookie = r.headers().firstValue("set-cookie").orElseThrow().split(";", 2)[0];
        JsonObject b = new JsonObject(r.body());
        return new ConsoleSession(region, cookie, b.getString("csrf"), b.getString("role"));
    }

    HttpResponse<String> get(String path) throws Exception {
        return region.send(path, null, HttpRequest.newBuilder().header("Cookie", cookie).GET());
    }

    HttpResponse<byte[]> bytes(String path) throws Exception {
        return region.sendBytes(path, HttpRequest.newBuilder().header("Cookie", cookie).GET());
    }

    /** A write with the cookie and, unless {@code csrfToSend} is null, that CSRF header. */
    HttpResponse<String> send(String method, String path, String type, String body, String csrfToSend)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder().header("Cookie", cookie).header("content-type", type)
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        if (csrfToSend != null) {
            b.header("X-CSRF-Token", csrfToSend);
        }
        return region.send(path, null, b);
    }

    HttpResponse<String> post(String path, JsonObject body) throws Exception {
        return send("POST", path, "application/json", body.encode(), csrf);
    }
}
