package org.ssk.bench;

import picocli.CommandLine.Option;

/**
 * The shelf traffic and timed lifts a lift-to-screen bench runs ({@code lift-latency},
 * {@code region-catchup}): kiosk sockets, measured lifts per second, visitor interactions and
 * telemetry in the background, and the warm-up before timing starts. A picocli mixin.
 */
final class LiftTrafficOptions {
    @Option(names = "--kiosks", defaultValue = "100", description = "Kiosk sockets (on the first shelves).")
    int kiosks;

    @Option(names = "--probe-rate", defaultValue = "20", description = "Measured lifts per second, over the kiosk shelves.")
    int probeRate;

    @Option(names = "--interaction-s", defaultValue = "20", description = "Mean seconds between visitor interactions per shelf.")
    double interactionS;

    @Option(names = "--telemetry-ms", defaultValue = "5000")
    long telemetryMs;

    @Option(names = "--warmup-s", defaultValue = "5")
    int warmupS;

    /** These options as the printed command line gives them. */
    String commandLine() {
        return " --kiosks " + kiosks + " --probe-rate " + probeRate + " --interaction-s " + interactionS
                + " --telemetry-ms " + telemetryMs + " --warmup-s " + warmupS;
    }

    /** Starts the fleet's background traffic (telemetry, visitor interactions). */
    void startBackground(ShelfFleet fleet) {
        fleet.startTraffic(telemetryMs, (long) (interactionS * 1000));
    }
}
