package org.ssk.hub.auth;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Slows password guessing: after {@code maxFailures} failed logins for one user name, or
 * {@code 4 × maxFailures} from one client address, within {@code windowMs}, further attempts for
 * that name or from that address are refused until the oldest failure leaves the window. A
 * successful login clears the user name's failures (not the address's: one right password
 * must not reset a guesser working through many names).
 *
 * <p>In memory (a restart forgets it; bcrypt's cost still limits the rate). Bounded: at most
 * {@link #MAX_KEYS} names and addresses are tracked, the stalest dropped first. Thread-safe.
 */
public final class LoginThrottle {
    static final int MAX_KEYS = 10_000;

    private final Clock clock;
    private final int maxFailures;
    private final long windowMs;
    private final Map<String, Deque<Long>> failures = new HashMap<>();

    public LoginThrottle(Clock clock, int maxFailures, long windowMs) {
        this.clock = clock;
        this.maxFailures = maxFailures;
        this.windowMs = windowMs;
    }

    /** 5 failures per name (20 per address) in 15 minutes. */
    public static LoginThrottle standard() {
        return new LoginThrottle(Clock.systemUTC(), 5, 15 * 60_000L);
    }

    /** 0 when a login for {@code user} from {@code address} may be tried now, else ms to wait. */
    public synchronized long waitMs(String user, String address) {
        long now = clock.millis();
        return Math.max(wait("u:" + user, maxFailures, now), wait("a:" + address, 4 * maxFailures, now));
    }

    public synchronized void failed(String user, String address) {
        long now = clock.millis();
        add("u:" + user, now);
        add("a:" + address, now);
    }

    public synchronized void succeeded(String user) {
        failures.remove("u:" + user);
    }

    private long wait(String key, int limit, long now) {
        Deque<Long> q = failures.get(key);
        if (q == null) {
            return 0;
        }
        while (!q.isEmpty() && q.peekFirst() <= now - windowMs) {
            q.pollFirst();
        }
        if (q.isEmpty()) {
            failures.remove(key);
            return 0;
        }
        return q.size() < limit ? 0 : q.peekFirst() + windowMs - now;
    }

    private void add(String key, long now) {
        if (failures.size() >= MAX_KEYS && !failures.containsKey(key)) {
            String stalest = null;
            long oldest = Long.MAX_VALUE;
            for (var e : failures.entrySet()) {
                long last = e.getValue().isEmpty() ? Long.MIN_VALUE : e.getValue().peekLast();
                if (last < oldest) {
                    oldest = last;
                    stalest = e.getKey();
                }
            }
            failures.remove(stalest);
        }
        Deque<Long> q = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        q.addLast(now);
        if (q.size() > 4 * maxFailures) {
            q.pollFirst();
        }
    }
}
