package org.ssk.hub.http;

import io.vertx.core.http.HttpMethod;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.ssk.hub.auth.Role;

/**
 * Who may call what: the hub's whole access policy as one table, read top to bottom, first match
 * wins, and anything under {@code /api} or {@code /ws} that no rule names needs an admin (a new
 * endpoint is closed until someone decides otherwise). Static pages, {@code /health} and
 * {@code /metrics} are outside this table: pages hold no data, and the data they show comes
 * through the API.
 *
 * <p>Paths are patterns: {@code *} is one path segment, a trailing {@code **} any rest.
 */
public final class Access {
    private Access() {
    }

    /** What a caller needs. */
    public enum Need {
        /** Nobody needs to sign in: what visitors see anyway (product cards, QR codes, images). */
        PUBLIC(EnumSet.allOf(Role.class)),
        /** Any valid token, including a kiosk's read-only one. */
        ANY(EnumSet.allOf(Role.class)),
        STAFF(EnumSet.of(Role.STAFF, Role.OPERATOR, Role.ADMIN)),
        OPERATOR(EnumSet.of(Role.OPERATOR, Role.ADMIN)),
        ADMIN(EnumSet.of(Role.ADMIN));

        private final Set<Role> roles;

        Need(Set<Role> roles) {
            this.roles = roles;
        }

        public boolean allows(Role r) {
            return roles.contains(r);
        }
    }

    record Rule(HttpMethod method, Pattern path, Need need, String pattern) {
        static Rule of(String method, String pattern, Need need) {
            boolean rest = pattern.endsWith("/**");
            String fixed = rest ? pattern.substring(0, pattern.length() - 3) : pattern;
            StringBuilder regex = new StringBuilder();
            for (String part : fixed.split("\\*", -1)) {
                regex.append(regex.isEmpty() ? "" : "[^/]+").append(Pattern.quote(part));
            }
            if (rest) {
                regex.append("(/.*)?");
            }
            return new Rule(method.equals("*") ? null : HttpMethod.valueOf(method), Pattern.compile(regex.toString()), need,
                    pattern);
        }

        boolean matches(HttpMethod m, String p) {
            return (method == null || method.equals(m)) && path.matcher(p).matches();
        }
    }

    static final List<Rule> RULES = List.of(
            Rule.of("POST", "/api/v1/auth/login", Need.PUBLIC),
            Rule.of("POST", "/api/v1/auth/logout", Need.PUBLIC),
            Rule.of("GET", "/api/v1/auth/me", Need.ANY),
            // Everyone with a password changes their own; a kiosk token has none.
            Rule.of("POST", "/api/v1/auth/password", Need.STAFF),
            Rule.of("GET", "/api/v1/openapi.json", Need.PUBLIC),
            Rule.of("GET", "/api/v1/products", Need.PUBLIC),
            Rule.of("GET", "/api/v1/products/*", Need.PUBLIC),
            Rule.of("GET", "/api/v1/products/*/qr.svg", Need.PUBLIC),
            Rule.of("GET", "/api/v1/products/*/image", Need.PUBLIC),
            Rule.of("GET", "/api/v1/media/**", Need.PUBLIC),
            Rule.of("GET", "/api/v1/center", Need.PUBLIC),
            Rule.of("GET", "/api/v1/center/logo", Need.PUBLIC),
            // Mounted only by the demo module (demo.jar), which moves simulated load cells.
            Rule.of("*", "/api/v1/demo/**", Need.PUBLIC),
            Rule.of("GET", "/api/v1/shelves", Need.ANY),
            Rule.of("*", "/api/v1/shelves/*/credentials", Need.ADMIN),
            Rule.of("GET", "/api/v1/shelves/*", Need.STAFF),
            Rule.of("POST", "/api/v1/shelves/*/restock", Need.STAFF),
            Rule.of("GET", "/api/v1/alerts/**", Need.STAFF),
            Rule.of("POST", "/api/v1/alerts/*/ack", Need.STAFF),
            Rule.of("POST", "/api/v1/sales/import", Need.OPERATOR),
            Rule.of("POST", "/api/v1/sales", Need.STAFF),
            Rule.of("POST", "/api/v1/stock-entries", Need.STAFF),
            Rule.of("POST", "/api/v1/stock-takes", Need.STAFF),
            Rule.of("GET", "/api/v1/reports/**", Need.OPERATOR),
            Rule.of("GET", "/api/v1/region/upload", Need.OPERATOR),
            Rule.of("*", "/api/v1/catalog/**", Need.OPERATOR),
            Rule.of("*", "/api/v1/ledger/**", Need.OPERATOR),
            Rule.of("GET", "/ws/kiosk/*", Need.ANY),
            Rule.of("*", "/api/**", Need.ADMIN),
            Rule.of("*", "/ws/**", Need.ADMIN));

    /** What a request for {@code path} with {@code method} needs. */
    public static Need need(HttpMethod method, String path) {
        for (Rule r : RULES) {
            if (r.matches(method, path)) {
                return r.need();
            }
        }
        return Need.ADMIN;
    }
}
