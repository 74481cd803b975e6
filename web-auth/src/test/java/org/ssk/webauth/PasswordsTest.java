package org.ssk.webauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The shared credential rules: lengths, generated passwords, hashes and the CSRF token. */
class PasswordsTest {
    final Passwords passwords = new Passwords(4);

    @Test
    void generatedPasswordsKeepTheRulesAvoidLookAlikesAndDiffer() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String p = passwords.generate();
            Passwords.check(p.toCharArray());
            assertTrue(p.matches("[A-HJ-NP-Za-km-z2-9]{16}"), p);
            seen.add(p);
        }
        assertEquals(200, seen.size());
    }

    @Test
    void tooShortOrTooLongPasswordsAreRefusedInWords() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Passwords.check("short".toCharArray()))
                .getMessage().contains("at least " + Passwords.MIN_PASSWORD));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Passwords.check("密".repeat(25).toCharArray()))
                .getMessage().contains("72 bytes"));
    }

    @Test
    void aHashVerifiesOnlyItsPasswordAndAnUnknownNameStillCostsOneCheck() {
        String hash = passwords.hash("right-password".toCharArray());
        assertTrue(passwords.verify("right-password".toCharArray(), hash));
        assertFalse(passwords.verify("wrong-password".toCharArray(), hash));
        assertFalse(passwords.verify("right-password".toCharArray(), null));
        assertEquals(3, passwords.checks());
    }

    @Test
    void theCsrfTokenBelongsToItsSessionOnly() {
        String a = passwords.newToken();
        String b = passwords.newToken();
        assertTrue(Passwords.csrfMatches(Passwords.csrfOf(a), a));
        assertFalse(Passwords.csrfMatches(Passwords.csrfOf(b), a));
        assertFalse(Passwords.csrfMatches(null, a));
    }
}
