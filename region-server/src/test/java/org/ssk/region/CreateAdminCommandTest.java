package org.ssk.region;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.ssk.region.store.RegionStore;

/** {@code region-server create-admin}: the console's first region-admin, once; a second is refused. */
@Timeout(300)
class CreateAdminCommandTest {
    private static int run(String password, String... args) {
        InputStream in = System.in;
        System.setIn(new ByteArrayInputStream((password + "\n").getBytes(StandardCharsets.UTF_8)));
        try {
            var cl = Main.commandLine();
            cl.setErr(new PrintWriter(new StringWriter()));
            return cl.execute(args);
        } finally {
            System.setIn(in);
        }
    }

    @Test
    void theFirstAdminIsCreatedOnceAndCanSignIn() throws Exception {
        try (PrivatePostgres pg = PrivatePostgres.start()) {
            String db = pg.newDatabase();
            assertEquals(2, run("short", "create-admin", "--username", "boss", "--password-stdin", "--db-url", db),
                    "a password under 10 characters");
            assertEquals(0, run("first-password-1", "create-admin", "--username", "boss", "--password-stdin",
                    "--db-url", db));
            assertEquals(2, run("second-password-1", "create-admin", "--username", "boss2", "--password-stdin",
                    "--db-url", db), "a region-admin exists already");
            var accounts = RegionStore.open(db).accounts(4);
            var session = accounts.login("boss", "first-password-1".toCharArray());
            assertTrue(session.isPresent());
            assertEquals("region-admin", session.get().role().wireName());
            assertEquals(1, accounts.users().size());
        }
    }
}
