package org.ssk.agent.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ssk.agent.config.AgentConfig;
import org.ssk.agent.config.ConfigException;

/**
 * The technician wires the shelf from {@code hardware-docs/wiring.md}; the agent reads its pins from
 * {@code shelf-agent/agent.example.json}. This test reads both and fails on any difference, so a
 * changed default pin cannot leave the wiring table (or the diagrams) telling an older story.
 */
class WiringDocMatchesConfigTest {

    /** BCM GPIO number to physical pin on the 40-pin header (Raspberry Pi 2 and later, 4 and 5 alike). */
    static final Map<Integer, Integer> HEADER_PIN = Map.ofEntries(
            Map.entry(2, 3), Map.entry(3, 5), Map.entry(4, 7), Map.entry(14, 8), Map.entry(15, 10),
            Map.entry(17, 11), Map.entry(18, 12), Map.entry(27, 13), Map.entry(22, 15), Map.entry(23, 16),
            Map.entry(24, 18), Map.entry(10, 19), Map.entry(9, 21), Map.entry(25, 22), Map.entry(11, 23),
            Map.entry(8, 24), Map.entry(7, 26), Map.entry(0, 27), Map.entry(1, 28), Map.entry(5, 29),
            Map.entry(6, 31), Map.entry(12, 32), Map.entry(13, 33), Map.entry(19, 35), Map.entry(16, 36),
            Map.entry(26, 37), Map.entry(20, 38), Map.entry(21, 40));

    private static final Pattern GPIO_CELL = Pattern.compile("GPIO(\\d+) \\(pin (\\d+)\\)");

    static Path root;
    static AgentConfig config;
    static MarkdownTable lanes;
    static MarkdownTable parts;
    static MarkdownTable settings;

    @BeforeAll
    static void readBoth() throws IOException, ConfigException {
        root = Path.of("").toAbsolutePath().getParent();
        config = AgentConfig.load(root.resolve("shelf-agent/agent.example.json"), Map.of());
        String doc = Files.readString(root.resolve("hardware-docs/wiring.md"));
        lanes = MarkdownTable.after(doc, "<!-- wiring:lanes -->");
        parts = MarkdownTable.after(doc, "<!-- wiring:parts -->");
        settings = MarkdownTable.after(doc, "<!-- wiring:settings -->");
    }

    @Test
    void theTableListsTheConfiguredLanesInOrder() {
        List<String> documented = lanes.rows().stream().map(r -> r.get("lane")).toList();
        List<String> configured = config.lanes().stream().map(AgentConfig.Lane::id).toList();
        assertEquals(configured, documented);
    }

    @Test
    void everyLaneIsWiredToThePinsAndAddressTheAgentReads() {
        for (int i = 0; i < config.lanes().size(); i++) {
            AgentConfig.Sensor s = config.lanes().get(i).sensor();
            Map<String, String> row = lanes.rows().get(i);
            String lane = "lane " + row.get("lane");
            assertEquals(s.type(), row.get("sensor"), lane + " sensor");
            assertEquals(Optional.ofNullable(s.dataPin()), gpio(row, "DOUT"), lane + " DOUT");
            assertEquals(Optional.ofNullable(s.clockPin()), gpio(row, "PD_SCK"), lane + " PD_SCK");
            assertEquals(Optional.ofNullable(s.i2cBus()), number(row, "I2C bus"), lane + " I2C bus");
            assertEquals(Optional.ofNullable(s.i2cAddress()), number(row, "I2C address"), lane + " I2C address");
            assertEquals(Optional.ofNullable(s.channel()), number(row, "channel"), lane + " channel");
        }
    }

    @Test
    void proximitySensorButtonAndLedAreWhereTheAgentLooks() {
        Map<String, String> prox = part("proximity");
        AgentConfig.Proximity p = config.proximity();
        assertEquals(p == null ? "none" : p.type(), prox.get("type"), "proximity type");
        assertEquals(Optional.ofNullable(p == null ? null : p.pin()), gpio(prox, "GPIO"), "proximity pin");
        assertEquals(Optional.ofNullable(p == null ? null : p.i2cBus()), number(prox, "I2C bus"), "proximity bus");
        assertEquals(Optional.ofNullable(p == null ? null : p.i2cAddress()), number(prox, "I2C address"),
                "proximity address");
        assertEquals(Optional.ofNullable(config.buttonPin()), gpio(part("button"), "GPIO"), "restock button");
        assertEquals(Optional.ofNullable(config.ledPin()), gpio(part("led"), "GPIO"), "restock LED");
    }

    @Test
    void theSampleRateTheDocumentSetsIsTheConfiguredOne() {
        Map<String, String> sps = settings.rows().stream().filter(r -> r.get("setting").equals("sps")).findFirst()
                .orElseThrow(() -> new AssertionError("wiring.md has no 'sps' row in its settings table"));
        assertEquals(Optional.of(config.sps()), number(sps, "value"), "sps");
    }

    @Test
    void everyHeaderPinInTheTablesIsTheOneOfItsGpio() {
        List<String> cells = new ArrayList<>();
        lanes.rows().forEach(r -> {
            cells.add(r.get("DOUT"));
            cells.add(r.get("PD_SCK"));
        });
        parts.rows().forEach(r -> cells.add(r.get("GPIO")));
        for (String cell : cells) {
            Matcher m = GPIO_CELL.matcher(cell);
            if (m.matches()) {
                int bcm = Integer.parseInt(m.group(1));
                assertEquals(HEADER_PIN.get(bcm), Integer.valueOf(m.group(2)), cell + ": wrong header pin");
            }
        }
    }

    @Test
    void theDiagramsShowThePinsOfTheConfig() throws IOException {
        String hx711 = Files.readString(root.resolve("hardware-docs/img/wiring-hx711.svg"));
        for (AgentConfig.Lane l : config.lanes()) {
            AgentConfig.Sensor s = l.sensor();
            if ("hx711".equals(s.type())) {
                assertTrue(hx711.contains(">" + gpioLabel(s.dataPin()) + "<"),
                        "wiring-hx711.svg shows lane " + l.id() + "'s DOUT on " + gpioLabel(s.dataPin()));
                assertTrue(hx711.contains(">" + gpioLabel(s.clockPin()) + "<"),
                        "wiring-hx711.svg shows lane " + l.id() + "'s PD_SCK on " + gpioLabel(s.clockPin()));
            }
        }
        String buttonLed = Files.readString(root.resolve("hardware-docs/img/wiring-button-led.svg"));
        if (config.buttonPin() != null) {
            assertTrue(buttonLed.contains(">" + gpioLabel(config.buttonPin()) + "<"), "button on " + gpioLabel(config.buttonPin()));
        }
        if (config.ledPin() != null) {
            assertTrue(buttonLed.contains(">" + gpioLabel(config.ledPin()) + "<"), "LED on " + gpioLabel(config.ledPin()));
        }
    }

    private static String gpioLabel(int bcm) {
        return "GPIO" + bcm + " (pin " + HEADER_PIN.get(bcm) + ")";
    }

    private static Map<String, String> part(String name) {
        return parts.rows().stream().filter(r -> r.get("part").equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("wiring.md has no '" + name + "' row in its parts table"));
    }

    private static Optional<Integer> gpio(Map<String, String> row, String column) {
        return MarkdownTable.value(row, column).map(cell -> {
            Matcher m = GPIO_CELL.matcher(cell);
            if (!m.matches()) {
                throw new AssertionError("'" + cell + "' in column " + column + " is not 'GPIOn (pin m)'");
            }
            return Integer.parseInt(m.group(1));
        });
    }

    private static Optional<Integer> number(Map<String, String> row, String column) {
        return MarkdownTable.value(row, column).map(cell -> cell.startsWith("0x")
                ? Integer.parseInt(cell.substring(2), 16) : Integer.parseInt(cell));
    }
}
