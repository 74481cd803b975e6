package org.ssk.agent.driver;

import com.pi4j.io.i2c.I2C;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * NAU7802 24-bit bridge ADC on I2C (fixed address 0x2A), as one lane's {@link LoadCell}: internal
 * LDO at 3.3 V, PGA gain 128, 10 to 320 samples per second, input channel 1 or 2.
 *
 * <p>Power-up follows the datasheet (section 9.1 and the register map, 11.x): RR=1 then RR=0 with
 * PUD=1 to reset the registers; wait for PUR; select the internal LDO (AVDDS) and power up the analog
 * part (PUA); set LDO voltage and gain (CTRL1), rate and channel (CTRL2); disable the clock chopper
 * (ADC register 0x15, REG_CHPS = 11) as vendor drivers do; wait for the LDO to settle; start
 * conversions (CS); then run the internal offset calibration (CALMOD=00, CALS=1, wait for CALS to
 * clear, check CAL_ERR), which must be repeated after any change of gain, rate or channel.
 *
 * <p>{@link #read()} powers the chip up on first use, waits for CR (cycle ready) and reads ADCO
 * (0x12..0x14, MSB first). A chip that lost its registers (brown-out, replugged board: PUR reads 0)
 * is powered up again on the next read. Every bus error, timeout or failed calibration is a
 * {@link SensorException} naming the bus and address, never a hang.
 *
 * <p>Not thread-safe: one thread owns the chip.
 */
public final class Nau7802 implements LoadCell {
    public static final int ADDRESS = 0x2A;

    static final int PU_CTRL = 0x00;
    static final int CTRL1 = 0x01;
    static final int CTRL2 = 0x02;
    static final int ADCO_B2 = 0x12;
    static final int ADC = 0x15;
    static final int PGA_PWR = 0x1C;
    static final int DEVICE_REV = 0x1F;

    static final int RR = 0x01;
    static final int PUD = 0x02;
    static final int PUA = 0x04;
    static final int PUR = 0x08;
    static final int CS = 0x10;
    static final int CR = 0x20;
    static final int AVDDS = 0x80;

    static final int CALS = 0x04;
    static final int CAL_ERR = 0x08;
    static final int CHS = 0x80;
    /** CTRL1: VLDO = 100 (3.3 V), GAINS = 111 (x128). */
    static final int CTRL1_LDO_3V3_GAIN_128 = (0b100 << 3) | 0b111;
    /** CTRL2.CRS, bits 6:4. */
    static final Map<Integer, Integer> RATE_BITS = Map.of(10, 0b000, 20, 0b001, 40, 0b010, 80, 0b011, 320, 0b111);
    /** ADC register REG_CHPS (bits 5:4) = 11: clock chopper off. */
    static final int REG_CHPS_OFF = 0x30;
    /** PGA_PWR.PGA_CAP_EN: the 330 pF cap across VIN2, only when channel 2 is unused. */
    static final int PGA_CAP_EN = 0x80;

    private static final long POWER_UP_TIMEOUT_NANOS = 100_000_000L;
    private static final long LDO_SETTLE_NANOS = 250_000_000L;
    private static final long POLL_NANOS = 500_000L;

    private final I2cRegisters regs;
    private final int sps;
    private final int channel;
    private final Ticker ticker;
    private boolean ready;

    /**
     * @param i2c     the chip's handle (bus N, address 0x2A)
     * @param sps     10, 20, 40, 80 or 320
     * @param channel 1 (VIN1) or 2 (VIN2)
     */
    public Nau7802(I2C i2c, int sps, int channel) {
        this(i2c, sps, channel, Ticker.SYSTEM);
    }

    Nau7802(I2C i2c, int sps, int channel, Ticker ticker) {
        if (!RATE_BITS.containsKey(sps)) {
            throw new IllegalArgumentException("NAU7802 rates are " + RATE_BITS.keySet() + ", not " + sps);
        }
        if (channel != 1 && channel != 2) {
            throw new IllegalArgumentException("NAU7802 channel is 1 or 2, not " + channel);
        }
        this.regs = new I2cRegisters(i2c, this::describe, "3V3");
        this.sps = sps;
        this.channel = channel;
        this.ticker = ticker;
    }

    /** Resets, powers up, configures and calibrates the chip (datasheet order, see the class comment). */
    public void powerUp() throws SensorException {
        ready = false;
        int rev = regs.read(DEVICE_REV);
        if ((rev & 0x0F) != 0x0F) {
            throw new SensorException(describe() + ": the device at 0x2A is not a NAU7802 (revision register 0x1F"
                    + " reads 0x" + Integer.toHexString(rev) + ", expected 0x?F)");
        }
        regs.write(PU_CTRL, RR);
        regs.write(PU_CTRL, PUD);
        await(PU_CTRL, PUR, true, POWER_UP_TIMEOUT_NANOS, "did not report power-up ready (PUR)");
        regs.write(PU_CTRL, PUD | PUA | AVDDS);
        regs.write(CTRL1, CTRL1_LDO_3V3_GAIN_128);
        regs.write(CTRL2, (RATE_BITS.get(sps) << 4) | (channel == 2 ? CHS : 0));
        regs.write(ADC, regs.read(ADC) | REG_CHPS_OFF);
        int pga = regs.read(PGA_PWR);
        regs.write(PGA_PWR, channel == 1 ? pga | PGA_CAP_EN : pga & ~PGA_CAP_EN);
        // The LDO and the analog front end need time to settle before a calibration is meaningful.
        ticker.pause(LDO_SETTLE_NANOS);
        regs.write(PU_CTRL, PUD | PUA | AVDDS | CS);
        calibrate();
        ready = true;
    }

    /** Internal offset calibration (CALMOD = 00): CALS set, wait for it to clear, check CAL_ERR. */
    private void calibrate() throws SensorException {
        int ctrl2 = regs.read(CTRL2) & ~0x03;
        regs.write(CTRL2, ctrl2 | CALS);
        // A calibration takes a few conversion cycles; allow 20 at the chosen rate, at least one second.
        long timeout = Math.max(1_000_000_000L, 20L * 1_000_000_000L / sps);
        await(CTRL2, CALS, false, timeout, "did not finish its internal calibration (CALS stayed set)");
        if ((regs.read(CTRL2) & CAL_ERR) != 0) {
            throw new SensorException(describe() + ": internal calibration failed (CAL_ERR); check the load cell's"
                    + " four wires (E+, E-, A+, A-) and that nothing touches the tray during start-up");
        }
    }

    @Override
    public int read() throws SensorException {
        if (!ready) {
            powerUp();
        }
        long periodNanos = 1_000_000_000L / sps;
        long deadline = ticker.nanoTime() + Math.max(100_000_000L, 5 * periodNanos);
        while (true) {
            int pu = regs.read(PU_CTRL);
            if ((pu & PUR) == 0) {
                ready = false;
                throw new SensorException(describe() + ": the chip lost its settings (power-up ready bit clear):"
                        + " a brown-out or a loose 3V3 wire; it is powered up again on the next read");
            }
            if ((pu & CR) != 0) {
                break;
            }
            if (ticker.nanoTime() - deadline >= 0) {
                throw new SensorException(describe() + ": no conversion within "
                        + Math.max(100, 5 * periodNanos / 1_000_000) + " ms (cycle ready never set)");
            }
            ticker.pause(Math.min(POLL_NANOS, periodNanos / 4));
        }
        byte[] b = new byte[3];
        int n = regs.read(ADCO_B2, b);
        if (n != 3) {
            throw new SensorException(describe() + ": short read of the conversion (" + n + " of 3 bytes)");
        }
        return ((b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8) >> 8;
    }

    @Override
    public String describe() {
        return "NAU7802 at 0x2A on I2C bus " + regs.bus() + " (channel " + channel + ")";
    }

    /** Powers the chip down (PUD = PUA = 0); the next read powers it up again. */
    @Override
    public void close() {
        ready = false;
        try {
            regs.write(PU_CTRL, 0);
        } catch (SensorException e) {
            LoggerFactory.getLogger(Nau7802.class).debug("NAU7802 power-down on close failed: {}", e.getMessage());
        }
    }

    private void await(int reg, int mask, boolean set, long timeoutNanos, String what) throws SensorException {
        long deadline = ticker.nanoTime() + timeoutNanos;
        while (((regs.read(reg) & mask) != 0) != set) {
            if (ticker.nanoTime() - deadline >= 0) {
                throw new SensorException(describe() + " " + what + " within " + timeoutNanos / 1_000_000 + " ms");
            }
            ticker.pause(POLL_NANOS);
        }
    }
}
