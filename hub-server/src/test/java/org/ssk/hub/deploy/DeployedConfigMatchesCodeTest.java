package org.ssk.hub.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.ssk.hub.HubConfig;
import org.ssk.protocol.Topics;

/**
 * The deployment files name settings that the code reads; these tests fail when the two drift:
 * {@code deploy/hub/hub.env} and the options table of {@code hardware-docs/install-hub.md} against
 * the environment variables {@link HubConfig} reads, {@code agent.env.example} against the agent's
 * config, and the hub's broker login against the Mosquitto listener and ACL it must match.
 */
class DeployedConfigMatchesCodeTest {
    private static final Path REPO = Installation.checkout();
    private static final Pattern ENV_LITERAL = Pattern.compile("\"(SSK_[A-Z_]+)\"");

    /** The environment variables a class reads: its {@code "SSK_…"} string literals. */
    static Set<String> envReadBy(String source) throws IOException {
        Matcher m = ENV_LITERAL.matcher(Files.readString(REPO.resolve(source)));
        Set<String> names = new TreeSet<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** What the hub reads: HubConfig's and its region link's variables and those its logging configuration substitutes. */
    static Set<String> hubReads() throws IOException {
        Set<String> names = envReadBy("hub-server/src/main/java/org/ssk/hub/HubConfig.java");
        names.addAll(envReadBy("hub-server/src/main/java/org/ssk/hub/region/RegionLink.java"));
        Matcher m = Pattern.compile("\\$\\{(SSK_[A-Z_]+)").matcher(
                Files.readString(REPO.resolve("hub-server/src/main/resources/logback.xml")));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    @Test
    void hubEnvDocumentsExactlyTheVariablesTheHubReads() throws IOException {
        Set<String> read = hubReads();
        EnvFile env = EnvFile.read(REPO.resolve("deploy/hub/hub.env"));
        assertEquals(read, new TreeSet<>(env.documented()));
    }

    @Test
    void theInstallGuidesOptionTableListsEveryVariableTheHubReads() throws IOException {
        String doc = Files.readString(REPO.resolve("hardware-docs/install-hub.md"));
        String table = doc.substring(doc.indexOf("<!-- hub-options -->"));
        table = table.substring(0, table.indexOf("\n\n"));
        Matcher m = Pattern.compile("^\\| `(SSK_[A-Z_]+)` \\|", Pattern.MULTILINE).matcher(table);
        Set<String> documented = new TreeSet<>();
        while (m.find()) {
            documented.add(m.group(1));
        }
        assertEquals(hubReads(), documented);
    }

    @Test
    void theShippedHubEnvIsAValidHubConfigUsingMosquittosLoopbackListener() throws Exception {
        Map<String, String> env = new HashMap<>(EnvFile.read(REPO.resolve("deploy/hub/hub.env")).values());
        env.put("SSK_BROKER_PASSWORD", "generated-by-install-sh");
        HubConfig c = HubConfig.load(null, env).validate();
        assertEquals("/var/lib/ssk-hub", c.dataDir(), "the unit's StateDirectory");
        assertEquals(8080, c.httpPort());

        UnitFile mosquitto = mosquittoConf();
        String loopback = mosquitto.all("", "listener").stream().filter(l -> l.endsWith("127.0.0.1")).findFirst()
                .orElseThrow(() -> new AssertionError("ssk.conf has no loopback listener for the hub"));
        assertEquals("tcp://127.0.0.1:" + loopback.split(" ")[0], c.brokerUrl());
    }

    @Test
    void theBrokerLoginsTheScriptMakesUseTheClientIdsAndTopicsOfTheProtocol() throws IOException {
        String user = EnvFile.read(REPO.resolve("deploy/hub/hub.env")).values().get("SSK_BROKER_USERNAME");
        String script = Files.readString(REPO.resolve("deploy/hub/ssk-broker-user"));
        assertEquals(Topics.HUB_CLIENT_ID, user, "the hub's login and client id are one name in the script");
        assertTrue(script.contains("login ssk-hub ssk-hub ssk-hub"), "the hub's login is bound to its client id");
        assertTrue(script.contains("addRoleACL ssk-hub publishClientSend 'ssk/v1/#' allow")
                && script.contains("addRoleACL ssk-hub subscribePattern 'ssk/v1/#' allow"), "the hub reads and writes ssk/v1/#");
        assertEquals(Topics.agentClientId("X"), "ssk-agent-X");
        assertTrue(script.contains("login \"$2\" \"ssk-agent-$2\""), "a shelf's login is bound to Topics.agentClientId");
        assertTrue(script.contains("login \"$2.probe\" \"ssk-probe-$2\""), "the probe's login to Topics.probeClientId");
        assertEquals(Topics.probeClientId("X"), "ssk-probe-X");
    }

    @Test
    void theShelfsEnvFileSetsOnlyVariablesTheAgentReads() throws IOException {
        Set<String> read = envReadBy("shelf-agent/src/main/java/org/ssk/agent/config/AgentConfig.java");
        EnvFile env = EnvFile.read(REPO.resolve("deploy/shelf/agent.env.example"));
        assertTrue(read.containsAll(env.documented()), "agent.env.example names " + env.documented()
                + ", the agent reads " + read);
        assertTrue(env.values().containsKey("SSK_BROKER_PASSWORD"), "the broker password belongs in agent.env");
        UnitFile agent = UnitFile.read(REPO.resolve("deploy/shelf/ssk-agent.service"));
        assertEquals(List.of("SSK_DATA_DIR=/var/lib/ssk-agent"), agent.all("Service", "Environment"));
        assertTrue(read.contains("SSK_DATA_DIR"), "the unit's SSK_DATA_DIR must be one the agent reads");
        assertEquals("ssk-agent", agent.one("Service", "StateDirectory").orElseThrow());
    }

    /** Mosquitto's config is "key value" lines; read as one unnamed section, key and the rest. */
    private static UnitFile mosquittoConf() throws IOException {
        Map<String, List<Map.Entry<String, String>>> sections = new HashMap<>();
        List<Map.Entry<String, String>> entries = Files.readAllLines(REPO.resolve("deploy/hub/mosquitto/ssk.conf"))
                .stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .map(l -> {
                    int sp = l.indexOf(' ');
                    return Map.entry(l.substring(0, sp), l.substring(sp + 1).strip());
                }).toList();
        sections.put("", entries);
        return new UnitFile(REPO.resolve("deploy/hub/mosquitto/ssk.conf"), sections);
    }
}
