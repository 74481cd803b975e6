package org.ssk.webauth;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Slows password guessing without handing anyone a switch that locks the real user out.
 *
 * <p>Three counters, each answering a different attacker:
 * <ul>
 *   <li><b>name from address</b>: after {@value #PAIR_FREE} failures for one name from one client
 *       address, each further try from there waits {@link #PAIR_BASE_MS} doubled per failure, at
 *       most {@link #PAIR_CAP_MS}; forgotten {@link #PAIR_FORGET_MS} after the last failure or at a
 *       success from that address. This is what a guesser at one machine meets, and it touches
 *       nobody else: the real user at another address signs in as usual.</li>
 *   <li><b>address</b>: {@code 4 × maxFailures} failures from one address, any names, within
 *       {@code windowMs}, and that address waits until the oldest leaves the window (a guesser
 *       working through many names).</li>
 *   <li><b>name from anywhere</b>: {@value #NAME_LIMIT} failures for one name within {@code windowMs}
 *       from all addresses together (a guesser spread over many machines) close that name to
 *       addresses that have never signed in successfully as it; addresses where the name signed in
 *       within {@link #KNOWN_MS} stay open. So anyone on the LAN can make a new device of the admin
 *       wait, but never the admin's own desk.</li>
 * </ul>
 * A successful sign-in never clears the address or the name-wide counter: one right password must
 * not reset a guesser working through many names or from many machines.
 *
 * <p>In memory (a restart forgets it; bcrypt's cost still limits the rate). Bounded: each map
 * holds at most {@link #MAX_KEYS} keys, the stalest dropped first. Thread-safe.
 */
public final class LoginThrottle {
    static final int MAX_KEYS = 10_000;
    /** Failures of one name from one address before waits begin. */
    static final int PAIR_FREE = 4;
    static final long PAIR_BASE_MS = 30_000;
    static final long PAIR_CAP_MS = 15 * 60_000L;
    static final long PAIR_FORGET_MS = 60 * 60_000L;
    /** Failures of one name from everywhere, within the window, that close it to unknown addresses. */
    static final int NAME_LIMIT = 50;
    /** How long a successful sign-in keeps its address known for that name. */
    static final long KNOWN_MS = 30L * 24 * 3_600_000L;

    private record Pair(int failures, long lastMs) {
    }

    private final Clock clock;
    private final int maxFailures;
    private final long windowMs;
    private final Map<String, Pair> pairs = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<String, Deque<Long>> addresses = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<String, Deque<Long>> names = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<String, Long> known = new LinkedHashMap<>(16, 0.75f, true);

    /** {@code maxFailures}: a quarter of what one address may fail within {@code windowMs}. */
    public LoginThrottle(Clock clock, int maxFailures, long windowMs) {
        this.clock = clock;
        this.maxFailures = maxFailures;
        this.windowMs = windowMs;
    }

    /** 20 failures per address in 15 minutes; per name and address a growing wait after 4. */
    public static LoginThrottle standard() {
        return new LoginThrottle(Clock.systemUTC(), 5, 15 * 60_000L);
    }

    /** 0 when a login for {@code user} from {@code address} may be tried now, else ms to wait. */
    public synchronized long waitMs(String user, String address) {
        long now = clock.millis();
        long wait = Math.max(pairWait(pair(user, address), now), windowWait(addresses, address, 4 * maxFailures, now));
        Long knownUntil = known.get(pair(user, address));
        if (knownUntil == null || knownUntil <= now) {
            wait = Math.max(wait, windowWait(names, user, NAME_LIMIT, now));
        }
        return wait;
    }

    public synchronized void failed(String user, String address) {
        long now = clock.millis();
        String key = pair(user, address);
        Pair p = pairs.get(key);
        int before = p == null || p.lastMs() <= now - PAIR_FORGET_MS ? 0 : p.failures();
        put(pairs, key, new Pair(before + 1, now));
        add(addresses, address, now, 4 * maxFailures);
        add(names, user, now, NAME_LIMIT);
    }

    public synchronized void succeeded(String user, String address) {
        String key = pair(user, address);
        pairs.remove(key);
        put(known, key, clock.millis() + KNOWN_MS);
    }

    private static String pair(String user, String address) {
        return user + "\n" + address;
    }

    private long pairWait(String key, long now) {
        Pair p = pairs.get(key);
        if (p == null || p.lastMs() <= now - PAIR_FORGET_MS) {
            pairs.remove(key);
            return 0;
        }
        if (p.failures() <= PAIR_FREE) {
            return 0;
        }
        int doublings = Math.min(p.failures() - PAIR_FREE - 1, 20);
        long wait = Math.min(PAIR_CAP_MS, PAIR_BASE_MS << doublings);
        return Math.max(0, p.lastMs() + wait - now);
    }

    private long windowWait(Map<String, Deque<Long>> map, String key, int limit, long now) {
        Deque<Long> q = map.get(key);
        if (q == null) {
            return 0;
        }
        while (!q.isEmpty() && q.peekFirst() <= now - windowMs) {
            q.pollFirst();
        }
        if (q.isEmpty()) {
            map.remove(key);
            return 0;
        }
        return q.size() < limit ? 0 : q.peekFirst() + windowMs - now;
    }

    private static void add(Map<String, Deque<Long>> map, String key, long now, int keep) {
        Deque<Long> q = map.get(key);
        if (q == null) {
            q = new ArrayDeque<>();
            put(map, key, q);
        }
        q.addLast(now);
        if (q.size() > keep) {
            q.pollFirst();
        }
    }

    /** Puts, dropping the least recently used key when the map is full (the maps are access-ordered). */
    private static <V> void put(Map<String, V> map, String key, V value) {
        if (map.size() >= MAX_KEYS && !map.containsKey(key)) {
            map.remove(map.keySet().iterator().next());
        }
        map.put(key, value);
    }
}
