package org.ssk.bench;

import java.util.Arrays;

/** Percentiles of a set of durations and the plain-text tables the benches print. Not thread-safe. */
final class Stats {
    private Stats() {
    }

    /** {@code [p50, p99, max]} of {@code values} (any unit), nearest-rank; zeros when empty. */
    static double[] p50p99max(long[] values) {
        if (values.length == 0) {
            return new double[3];
        }
        long[] v = values.clone();
        Arrays.sort(v);
        return new double[] {rank(v, 0.50), rank(v, 0.99), v[v.length - 1]};
    }

    /** The nearest-rank {@code p}-quantiles ({@code 0 < p <= 1}) of {@code values}; zeros when empty. */
    static double[] percentiles(long[] values, double... p) {
        double[] out = new double[p.length];
        if (values.length == 0) {
            return out;
        }
        long[] v = values.clone();
        Arrays.sort(v);
        for (int i = 0; i < p.length; i++) {
            out[i] = rank(v, p[i]);
        }
        return out;
    }

    private static double rank(long[] sorted, double p) {
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    /** Prints a Markdown table. */
    static void table(java.io.PrintStream out, String[] header, java.util.List<String[]> rows) {
        out.println("| " + String.join(" | ", header) + " |");
        out.println("|" + "---|".repeat(header.length));
        for (String[] r : rows) {
            out.println("| " + String.join(" | ", r) + " |");
        }
    }

    static String ms(double nanos) {
        return String.format("%.2f", nanos / 1e6);
    }

    /** Cores, architecture, JDK and the load average now (other processes share the machine). */
    static String machine() {
        return "machine: " + Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.arch")
                + ", JDK " + Runtime.version() + "; load average at the start: " + loadAverage();
    }

    /** The 1, 5 and 15 minute load averages from /proc/loadavg, or "?" elsewhere. */
    static String loadAverage() {
        try {
            String[] f = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    /** Resident set size of this process in MiB, from /proc (Linux); -1 elsewhere. */
    static long rssMiB() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (java.io.IOException e) {
            return -1;
        }
        return -1;
    }

    /** Heap in use after a full GC, in MiB. */
    static long heapAfterGcMiB() {
        System.gc();
        return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
    }
}
