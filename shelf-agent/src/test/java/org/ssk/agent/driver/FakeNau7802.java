package org.ssk.agent.driver;

import com.pi4j.context.Context;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A NAU7802 register map that behaves as its datasheet says, enough to drive {@link Nau7802}:
 * RR resets every register to its default; PUR rises 200 us after PUD; CR (cycle ready) is set while
 * the chip is powered (PUD, PUA), started (CS) and has a conversion queued with {@link #convert};
 * reading ADCO_B2..B0 takes that conversion and clears CR; CALS clears itself a few polls after it
 * was set, with CAL_ERR if {@link #failCalibration()} was called. Every write is logged in order so
 * tests can check the power-up sequence.
 */
final class FakeNau7802 extends FakeI2CDevice {
    /** One register write, as the chip saw it. */
    record Write(int reg, int value) {
    }

    private final FakeNanos nanos;
    private final Deque<Integer> conversions = new ArrayDeque<>();
    private final List<Write> writes = new ArrayList<>();
    private long pudAt = -1;
    private int latched;
    private int calPolls;
    private boolean neverReady;
    private boolean calibrationFails;
    private int calibrations;

    FakeNau7802(Context context, int bus, FakeNanos nanos) {
        super(context, bus, Nau7802.ADDRESS);
        this.nanos = nanos;
        defaults();
    }

    FakeNau7802 convert(int... counts) {
        for (int c : counts) {
            conversions.add(c);
        }
        return this;
    }

    /** A chip whose digital part never reports ready (dead oscillator, wrong supply). */
    void neverPowerUp() {
        neverReady = true;
    }

    void failCalibration() {
        calibrationFails = true;
    }

    /** The supply dipped: every register is back to its power-on default. */
    void brownOut() {
        defaults();
    }

    List<Write> writes() {
        return writes;
    }

    int calibrations() {
        return calibrations;
    }

    int reg(int r) {
        return regs[r];
    }

    private void defaults() {
        java.util.Arrays.fill(regs, 0);
        regs[Nau7802.DEVICE_REV] = 0x0F;
        regs[Nau7802.CTRL2] = 0x00;
        pudAt = -1;
    }

    @Override
    protected void written(int reg, int value) {
        writes.add(new Write(reg, value));
        if (reg == Nau7802.PU_CTRL) {
            if ((value & Nau7802.RR) != 0) {
                defaults();
                regs[reg] = Nau7802.RR;
                return;
            }
            boolean wasOn = (regs[reg] & Nau7802.PUD) != 0;
            // PUR and CR are read-only status bits.
            regs[reg] = (value & ~(Nau7802.PUR | Nau7802.CR)) | (regs[reg] & Nau7802.PUR);
            if ((value & Nau7802.PUD) == 0) {
                regs[reg] &= ~Nau7802.PUR;
            } else if (!wasOn) {
                pudAt = nanos.nanoTime();
            }
            return;
        }
        if (reg == Nau7802.CTRL2) {
            regs[reg] = value & ~Nau7802.CAL_ERR;
            if ((value & Nau7802.CALS) != 0) {
                calPolls = 3;
                calibrations++;
            }
            return;
        }
        super.written(reg, value);
    }

    @Override
    protected int reading(int reg) {
        switch (reg) {
            case Nau7802.PU_CTRL -> {
                int v = regs[reg];
                if ((v & Nau7802.PUD) != 0 && pudAt >= 0 && !neverReady && nanos.nanoTime() - pudAt >= 200_000) {
                    regs[reg] |= Nau7802.PUR;
                    v = regs[reg];
                }
                boolean running = (v & (Nau7802.PUD | Nau7802.PUA | Nau7802.PUR | Nau7802.CS))
                        == (Nau7802.PUD | Nau7802.PUA | Nau7802.PUR | Nau7802.CS);
                return running && !conversions.isEmpty() ? v | Nau7802.CR : v & ~Nau7802.CR;
            }
            case Nau7802.CTRL2 -> {
                if ((regs[reg] & Nau7802.CALS) != 0 && --calPolls <= 0) {
                    regs[reg] &= ~Nau7802.CALS;
                    if (calibrationFails) {
                        regs[reg] |= Nau7802.CAL_ERR;
                    }
                }
                return regs[reg];
            }
            case Nau7802.ADCO_B2 -> {
                latched = conversions.isEmpty() ? 0 : conversions.poll();
                return (latched >> 16) & 0xFF;
            }
            case Nau7802.ADCO_B2 + 1 -> {
                return (latched >> 8) & 0xFF;
            }
            case Nau7802.ADCO_B2 + 2 -> {
                return latched & 0xFF;
            }
            default -> {
                return regs[reg];
            }
        }
    }
}
