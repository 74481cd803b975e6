package org.ssk.agent.driver;

import com.pi4j.context.Context;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A VL53L0X register map for {@link Vl53l0x}: model id 0xEE at 0xC0; the stop variable at 0x91
 * readable only through the private page (0x80 = 1, 0xFF = 1, 0x00 = 0); SYSRANGE_START = 0x02
 * starts back-to-back ranging (a new sample, the next queued range or the last one again, at every
 * status poll until 0x01 stops it); for the reference calibrations, a write of bit 0 to
 * SYSRANGE_START starts a measurement; at the next poll (of 0x00 or 0x13) the start bit clears and
 * the new-sample interrupt (0x13) rises with the next queued range at 0x1E/0x1F until SYSTEM_INTERRUPT_CLEAR.
 * Starting to range also checks that the stop variable was written back first, as ST's API does.
 */
final class FakeVl53l0x extends FakeI2CDevice {
    static final int STOP = 0x3C;
    private final Deque<Integer> ranges = new ArrayDeque<>();
    private boolean measuring;
    private boolean continuous;
    private int lastRange = 8190;
    private boolean silent;
    private int measurements;
    private int unprimedStarts;
    private boolean stopWritten;

    FakeVl53l0x(Context context, int bus) {
        super(context, bus, Vl53l0x.DEFAULT_ADDRESS);
        regs[Vl53l0x.MODEL_ID] = Vl53l0x.MODEL_ID_VL53L0X;
        regs[0xC1] = 0xAA;
        regs[0xC2] = 0x10;
        regs[Vl53l0x.GPIO_HV_MUX_ACTIVE_HIGH] = 0x11;
    }

    FakeVl53l0x range(int... mm) {
        for (int m : mm) {
            ranges.add(m);
        }
        return this;
    }

    /** Pretend to be another chip: a different model id. */
    void modelId(int id) {
        regs[Vl53l0x.MODEL_ID] = id;
    }

    /** Never signals a new sample (XSHUT held low, laser dead). */
    void silence() {
        silent = true;
    }

    boolean ranging() {
        return continuous;
    }

    int measurements() {
        return measurements;
    }

    /** Ranging starts without the stop variable restored first. */
    int unprimedStarts() {
        return unprimedStarts;
    }

    private boolean privatePage() {
        return regs[Vl53l0x.POWER] == 1 && regs[Vl53l0x.PAGE] == 1 && regs[0x00] == 0;
    }

    @Override
    protected void written(int reg, int value) {
        if (reg == Vl53l0x.STOP_VARIABLE && privatePage()) {
            stopWritten = value == STOP;
            return;
        }
        if (reg == Vl53l0x.SYSRANGE_START && regs[Vl53l0x.PAGE] == 0 && value == 0x02) {
            continuous = true;
            measurements++;
            if (!stopWritten) {
                unprimedStarts++;
            }
            stopWritten = false;
            return;
        }
        if (reg == Vl53l0x.SYSRANGE_START && regs[Vl53l0x.PAGE] == 0 && continuous && value == 0x01) {
            continuous = false;
            return;
        }
        if (reg == Vl53l0x.SYSRANGE_START && regs[Vl53l0x.PAGE] == 0 && (value & 0x01) != 0) {
            regs[reg] = value;
            measuring = true;
            if ((value & 0x40) == 0 && regs[Vl53l0x.SYSTEM_SEQUENCE_CONFIG] == 0xE8) {
                measurements++;
                if (!stopWritten) {
                    unprimedStarts++;
                }
                stopWritten = false;
            }
            return;
        }
        if (reg == Vl53l0x.SYSTEM_INTERRUPT_CLEAR && (value & 0x01) != 0) {
            regs[Vl53l0x.RESULT_INTERRUPT_STATUS] = 0;
            return;
        }
        super.written(reg, value);
    }

    @Override
    protected int reading(int reg) {
        if (reg == Vl53l0x.STOP_VARIABLE) {
            return privatePage() ? STOP : 0;
        }
        if (reg == Vl53l0x.RESULT_INTERRUPT_STATUS && continuous && !silent && regs[reg] == 0) {
            // Back to back: a new sample is always waiting, the next queued range or the same scene again.
            lastRange = ranges.isEmpty() ? lastRange : ranges.poll();
            regs[Vl53l0x.RESULT_RANGE_MM] = lastRange >> 8;
            regs[Vl53l0x.RESULT_RANGE_MM + 1] = lastRange & 0xFF;
            regs[reg] = 0x04;
            return regs[reg];
        }
        boolean status = reg == Vl53l0x.SYSRANGE_START || reg == Vl53l0x.RESULT_INTERRUPT_STATUS;
        if (status && regs[Vl53l0x.PAGE] == 0 && measuring) {
            // The start bit clears and the result lands one poll after the start.
            int v = regs[reg];
            regs[Vl53l0x.SYSRANGE_START] &= ~0x01;
            if (!silent) {
                measuring = false;
                int mm = regs[Vl53l0x.SYSTEM_SEQUENCE_CONFIG] == 0xE8 && !ranges.isEmpty() ? ranges.poll() : 8190;
                regs[Vl53l0x.RESULT_RANGE_MM] = mm >> 8;
                regs[Vl53l0x.RESULT_RANGE_MM + 1] = mm & 0xFF;
                regs[Vl53l0x.RESULT_INTERRUPT_STATUS] = 0x04;
            }
            return v;
        }
        return super.reading(reg);
    }
}
