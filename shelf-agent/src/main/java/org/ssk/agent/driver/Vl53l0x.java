package org.ssk.agent.driver;

import com.pi4j.io.i2c.I2C;
import org.slf4j.LoggerFactory;

/**
 * VL53L0X time-of-flight distance sensor on I2C (address 0x29 after power-up), ranging back to back
 * as the shelf's {@link ProximitySensor}.
 *
 * <p>Start-up is a reduced form of ST's API sequence (DataInit, StaticInit, RefCalibration): check
 * the model id (0xC0 = 0xEE), switch the I/O pads to 2V8 (0x89 bit 0, the breakout boards' level),
 * standard-mode I2C (0x88 = 0), read the "stop variable" from the private page (0x91), disable the
 * MSRC and pre-range signal checks (0x60 |= 0x12), set the return signal limit to 0.25 MCPS (0x44,
 * Q9.7), interrupt on new sample (0x0A = 4, active low), select the ranging steps (0x01 = 0xE8) and
 * run the VHV and phase reference calibrations. It relies on the SPAD map and tuning values the
 * module ships with in NVM instead of ST's full tuning table: accurate to a few centimetres, which
 * is what telling "a hand at the shelf" from "nobody" needs.
 *
 * <p>After start-up the sensor ranges continuously (SYSRANGE_START = 0x02, after restoring the stop
 * variable); {@link #readMm()} takes the latest sample when the new-sample interrupt (0x13 & 7) is
 * set: range at 0x1E (16 bits, mm), then clears the interrupt. No target in range (8190/8191 mm)
 * reads {@link #FAR_MM}. Bus errors and a sensor that stops producing samples are
 * {@link SensorException}s; the next read starts the sensor again.
 *
 * <p>Not thread-safe.
 */
public final class Vl53l0x implements ProximitySensor {
    public static final int DEFAULT_ADDRESS = 0x29;

    static final int SYSRANGE_START = 0x00;
    static final int SYSTEM_SEQUENCE_CONFIG = 0x01;
    static final int SYSTEM_INTERRUPT_CONFIG_GPIO = 0x0A;
    static final int SYSTEM_INTERRUPT_CLEAR = 0x0B;
    static final int RESULT_INTERRUPT_STATUS = 0x13;
    static final int RESULT_RANGE_MM = 0x14 + 10;
    static final int FINAL_RANGE_MIN_COUNT_RATE = 0x44;
    static final int MSRC_CONFIG_CONTROL = 0x60;
    static final int GPIO_HV_MUX_ACTIVE_HIGH = 0x84;
    static final int I2C_MODE = 0x88;
    static final int VHV_CONFIG_PAD_SCL_SDA_EXTSUP_HV = 0x89;
    static final int STOP_VARIABLE = 0x91;
    static final int MODEL_ID = 0xC0;
    static final int PAGE = 0xFF;
    static final int POWER = 0x80;
    static final int MODEL_ID_VL53L0X = 0xEE;

    private static final long MEASURE_TIMEOUT_NANOS = 200_000_000L;
    private static final long POLL_NANOS = 1_000_000L;

    private final I2cRegisters regs;
    private final Ticker ticker;
    private int stopVariable = -1;
    private double lastMm;
    private long lastAt = Long.MIN_VALUE;

    public Vl53l0x(I2C i2c) {
        this(i2c, Ticker.SYSTEM);
    }

    Vl53l0x(I2C i2c, Ticker ticker) {
        this.regs = new I2cRegisters(i2c, this::describe, "VIN");
        this.ticker = ticker;
    }

    /** Identifies and configures the sensor and starts it ranging (see the class comment). */
    public void start() throws SensorException {
        stopVariable = -1;
        int model = read(MODEL_ID);
        if (model != MODEL_ID_VL53L0X) {
            throw new SensorException(describe() + ": the device there is not a VL53L0X (model id 0x"
                    + Integer.toHexString(model) + ", expected 0xee); a VL53L1X or another chip?");
        }
        write(VHV_CONFIG_PAD_SCL_SDA_EXTSUP_HV, read(VHV_CONFIG_PAD_SCL_SDA_EXTSUP_HV) | 0x01);
        write(I2C_MODE, 0x00);
        openPrivatePage();
        int stop = read(STOP_VARIABLE);
        closePrivatePage();
        write(MSRC_CONFIG_CONTROL, read(MSRC_CONFIG_CONTROL) | 0x12);
        write(FINAL_RANGE_MIN_COUNT_RATE, 0x00);
        write(FINAL_RANGE_MIN_COUNT_RATE + 1, 32); // 0.25 MCPS in Q9.7
        write(SYSTEM_INTERRUPT_CONFIG_GPIO, 0x04);
        write(GPIO_HV_MUX_ACTIVE_HIGH, read(GPIO_HV_MUX_ACTIVE_HIGH) & ~0x10);
        write(SYSTEM_INTERRUPT_CLEAR, 0x01);
        // Reference calibrations: VHV (step 0x01, start bit 0x40), then phase (step 0x02).
        write(SYSTEM_SEQUENCE_CONFIG, 0x01);
        referenceCalibration(0x40);
        write(SYSTEM_SEQUENCE_CONFIG, 0x02);
        referenceCalibration(0x00);
        write(SYSTEM_SEQUENCE_CONFIG, 0xE8);
        stopVariable = stop;
        startContinuous();
    }

    /**
     * The latest range. The sensor ranges back to back on its own (about 30 ms each), so a read costs
     * a few I2C transfers instead of a whole measurement, and the weight loop is not held up: if no
     * new sample has come since the last read, the last one is returned while it is younger than
     * 200 ms; the first read after start waits for one.
     */
    @Override
    public double readMm() throws SensorException {
        if (stopVariable < 0) {
            start();
        }
        if ((read(RESULT_INTERRUPT_STATUS) & 0x07) != 0) {
            int mm = read(RESULT_RANGE_MM) << 8 | read(RESULT_RANGE_MM + 1);
            write(SYSTEM_INTERRUPT_CLEAR, 0x01);
            lastMm = mm >= 8190 ? FAR_MM : Math.min(mm, FAR_MM);
            lastAt = ticker.nanoTime();
            return lastMm;
        }
        if (lastAt != Long.MIN_VALUE && ticker.nanoTime() - lastAt <= MEASURE_TIMEOUT_NANOS) {
            return lastMm;
        }
        long deadline = (lastAt == Long.MIN_VALUE ? ticker.nanoTime() : lastAt) + MEASURE_TIMEOUT_NANOS;
        while ((read(RESULT_INTERRUPT_STATUS) & 0x07) == 0) {
            timeout(deadline, "gave no measurement");
        }
        return readMm();
    }

    /** Back-to-back ranging (SYSRANGE_START = 0x02), with the stop variable restored first as ST's API does. */
    private void startContinuous() throws SensorException {
        openPrivatePage();
        write(STOP_VARIABLE, stopVariable);
        closePrivatePage();
        write(SYSRANGE_START, 0x02);
        lastAt = Long.MIN_VALUE;
    }

    /** Stops ranging (SYSRANGE_START = 0x01 ends back-to-back mode); the next read starts it again. */
    @Override
    public void close() {
        try {
            if (stopVariable >= 0) {
                write(SYSRANGE_START, 0x01);
            }
        } catch (SensorException e) {
            LoggerFactory.getLogger(Vl53l0x.class).debug("VL53L0X stop on close failed: {}", e.getMessage());
        }
        stopVariable = -1;
    }

    @Override
    public String describe() {
        return "VL53L0X at 0x" + Integer.toHexString(regs.address()) + " on I2C bus " + regs.bus();
    }

    private void referenceCalibration(int vhvInit) throws SensorException {
        write(SYSRANGE_START, 0x01 | vhvInit);
        long deadline = ticker.nanoTime() + MEASURE_TIMEOUT_NANOS;
        while ((read(RESULT_INTERRUPT_STATUS) & 0x07) == 0) {
            timeout(deadline, "did not finish its reference calibration");
        }
        write(SYSTEM_INTERRUPT_CLEAR, 0x01);
        write(SYSRANGE_START, 0x00);
    }

    /** The sequence ST's API uses to reach the stop variable (0x91) on the private page. */
    private void openPrivatePage() throws SensorException {
        write(POWER, 0x01);
        write(PAGE, 0x01);
        write(0x00, 0x00);
    }

    private void closePrivatePage() throws SensorException {
        write(0x00, 0x01);
        write(PAGE, 0x00);
        write(POWER, 0x00);
    }

    private void timeout(long deadline, String what) throws SensorException {
        if (ticker.nanoTime() - deadline >= 0) {
            stopVariable = -1;
            throw new SensorException(describe() + " " + what + " within " + MEASURE_TIMEOUT_NANOS / 1_000_000
                    + " ms; check its power (VIN, GND) and that XSHUT is not held low");
        }
        ticker.pause(POLL_NANOS);
    }

    private int read(int reg) throws SensorException {
        try {
            return regs.read(reg);
        } catch (SensorException e) {
            stopVariable = -1; // a device that dropped off the bus must be started again
            throw e;
        }
    }

    private void write(int reg, int value) throws SensorException {
        try {
            regs.write(reg, value);
        } catch (SensorException e) {
            stopVariable = -1;
            throw e;
        }
    }
}
