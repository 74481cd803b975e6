package org.ssk.agent.driver;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import com.pi4j.plugin.mock.provider.i2c.MockI2CProvider;

/**
 * A Pi4J context on the mock plugin, as the driver tests' Pi: pins are Pi4J's mock GPIOs, whose
 * input levels the fakes set. Close it after each test.
 */
final class MockPi implements AutoCloseable {
    final Context context = Pi4J.newContextBuilder()
            .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance(),
                    MockI2CProvider.newInstance())
            .build();

    /** An input with the pull-up the agent configures; it reads high until a fake drives it. */
    MockDigitalInput input(int bcm) {
        MockDigitalInput in = (MockDigitalInput) context.create(DigitalInput.newConfigBuilder(context)
                .id("in" + bcm).address(bcm).pull(PullResistance.PULL_UP));
        in.mockState(DigitalState.HIGH);
        return in;
    }

    MockDigitalOutput output(int bcm) {
        return (MockDigitalOutput) context.create(DigitalOutput.newConfigBuilder(context)
                .id("out" + bcm).address(bcm).initial(DigitalState.LOW));
    }

    @Override
    public void close() {
        context.shutdown();
    }
}
