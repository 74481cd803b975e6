package org.ssk.agent.driver;

import org.ssk.agent.config.AgentConfig;

/**
 * How a command gets its shelf's drivers: {@link #PI} on the shelf, a fake shelf in tests, so that
 * {@code calibrate}, {@code check} and {@code run} are tested end to end without a Pi.
 */
@FunctionalInterface
public interface HardwareOpener {
    HardwareOpener PI = config -> ShelfHardware.open(config, PiContexts.open());

    ShelfHardware open(AgentConfig config) throws HardwareUnavailableException;
}
