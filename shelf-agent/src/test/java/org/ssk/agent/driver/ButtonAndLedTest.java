package org.ssk.agent.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutput;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ButtonAndLedTest {
    private final MockPi pi = new MockPi();

    @AfterEach
    void shutdown() {
        pi.close();
    }

    @Test
    void aBouncingPressCountsOnceAndASecondPressLaterCountsAgain() {
        MockDigitalInput pin = pi.input(17);
        AtomicLong ms = new AtomicLong(1_000);
        StaffButton button = new StaffButton(pin, ms::get);

        pin.mockState(DigitalState.LOW);
        ms.addAndGet(2);
        pin.mockState(DigitalState.HIGH);
        ms.addAndGet(2);
        pin.mockState(DigitalState.LOW);
        assertTrue(button.isPressed());
        assertEquals(1, button.takePresses(), "contact bounce within 50 ms is one press");
        assertEquals(0, button.takePresses(), "taken");

        ms.addAndGet(300);
        pin.mockState(DigitalState.HIGH);
        ms.addAndGet(300);
        pin.mockState(DigitalState.LOW);
        assertEquals(1, button.takePresses());
    }

    @Test
    void theLedIsSteadyWhenWellBlinksSlowlyInRestockAndFastOnAFault() {
        MockDigitalOutput pin = pi.output(27);
        StatusLed led = new StatusLed(pin);

        led.show(StatusLed.Pattern.ON);
        led.tick(0);
        assertTrue(pin.isHigh());
        led.tick(300);
        assertTrue(pin.isHigh());

        led.show(StatusLed.Pattern.RESTOCK);
        led.tick(100);
        assertTrue(pin.isHigh());
        led.tick(600);
        assertFalse(pin.isHigh(), "off in the second half second");

        led.show(StatusLed.Pattern.FAULT);
        led.tick(130);
        assertFalse(pin.isHigh(), "fast blink: off after 125 ms");
        led.tick(260);
        assertTrue(pin.isHigh());

        led.close();
        assertFalse(pin.isHigh());
    }
}
