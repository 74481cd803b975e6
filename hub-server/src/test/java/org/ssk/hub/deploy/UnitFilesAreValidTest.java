package org.ssk.hub.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without systemd running, checks what {@code systemd-analyze verify} would: every unit under
 * {@code deploy/} parses, uses only directives systemd knows in the right section, runs absolute
 * commands that the installers actually put where the unit looks, and points its documentation at
 * a page that exists; and takes {@code systemd-analyze}'s verdict too (it works without systemd as
 * PID 1; the test fails when it is not installed).
 */
@Timeout(180)
class UnitFilesAreValidTest {

    /** Directives our units may use, per section; a typo (ExecStar=) or a misplaced key fails. */
    static final Map<String, Set<String>> KNOWN = Map.of(
            "Unit", Set.of("Description", "Documentation", "After", "Before", "Wants", "Requires", "Conflicts",
                    "ConditionPathExists", "StartLimitIntervalSec", "StartLimitBurst", "PartOf", "BindsTo"),
            "Service", Set.of("Type", "User", "Group", "SupplementaryGroups", "EnvironmentFile", "Environment",
                    "WorkingDirectory", "StateDirectory", "StateDirectoryMode", "ExecStart", "ExecStartPre",
                    "ExecStop", "ExecReload", "Restart", "RestartSec", "TimeoutStopSec", "TimeoutStartSec", "Nice",
                    "NoNewPrivileges", "ProtectSystem", "ProtectHome", "PrivateTmp", "ReadWritePaths",
                    "LogRateLimitIntervalSec", "LogRateLimitBurst", "SuccessExitStatus", "PAMName",
                    "UtmpIdentifier", "UtmpMode", "TTYPath", "TTYReset", "TTYVHangup", "TTYVTDisallocate",
                    "StandardInput", "StandardOutput", "StandardError", "IOSchedulingClass"),
            "Timer", Set.of("OnBootSec", "OnUnitActiveSec", "OnCalendar", "AccuracySec", "Persistent",
                    "RandomizedDelaySec", "Unit"),
            "Install", Set.of("WantedBy", "RequiredBy", "Alias", "Also", "DefaultInstance"),
            "Journal", Set.of("Storage", "SystemMaxUse", "SystemKeepFree", "SystemMaxFileSize", "MaxRetentionSec",
                    "RuntimeMaxUse", "SyncIntervalSec", "RateLimitIntervalSec", "RateLimitBurst"));

    /** Commands that come from Debian packages the installers apt-get, not from our files. */
    static final Set<String> FROM_PACKAGES = Set.of("/usr/bin/cage", "/usr/bin/systemctl");

    static Processes procs;
    static Installation installed;
    static List<UnitFile> units;

    @BeforeAll
    static void installIntoATemporaryRoot(@TempDir Path tmp) throws Exception {
        procs = new Processes(tmp.resolve("logs"));
        Path jar = Files.writeString(tmp.resolve("stand-in.jar"), "not a jar: the units are only read here");
        installed = Installation.install(procs, tmp.resolve("root"), jar, null,
                "http://127.0.0.1:8080/kiosk/S1");
        try (Stream<Path> s = Files.walk(Installation.checkout().resolve("deploy"))) {
            List<UnitFile> list = new ArrayList<>();
            for (Path p : s.filter(p -> p.toString().matches(".*\\.(service|timer)$")).sorted().toList()) {
                list.add(UnitFile.read(p));
            }
            units = list;
        }
    }

    @AfterAll
    static void stop() {
        procs.close();
    }

    @Test
    void theShelfInstallerPutsTheExampleConfigInPlaceForTheTechnicianToEdit() throws IOException {
        assertEquals(Files.readString(Installation.checkout().resolve("shelf-agent/agent.example.json")),
                Files.readString(installed.path("/etc/ssk/agent.json")));
    }

    @Test
    void everyMachineGetsTheHardwareDocsWithTheirDiagrams() throws IOException {
        Path docs = Installation.checkout().resolve("hardware-docs");
        try (Stream<Path> s = Files.walk(docs)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                String rel = docs.relativize(f).toString();
                assertTrue(installed.has("/opt/ssk/docs/" + rel), rel + " is not installed in /opt/ssk/docs");
            }
        }
    }

    @Test
    void thereAreUnitsForTheAgentTheKioskAndTheHub() {
        Set<String> names = Set.copyOf(units.stream().map(u -> u.path().getFileName().toString()).toList());
        assertTrue(names.containsAll(Set.of("ssk-agent.service", "ssk-kiosk.service", "ssk-hub.service")), names.toString());
    }

    @Test
    void everyDirectiveIsOneSystemdKnowsInItsSection() throws IOException {
        List<UnitFile> files = new ArrayList<>(units);
        files.add(UnitFile.read(Installation.checkout().resolve("deploy/shelf/journald-ssk.conf")));
        for (UnitFile u : files) {
            u.sections().forEach((section, entries) -> {
                Set<String> known = KNOWN.get(section);
                assertTrue(known != null, u.path() + ": unknown section [" + section + "]");
                entries.forEach(e -> assertTrue(known.contains(e.getKey()),
                        u.path() + ": " + e.getKey() + "= is not a directive of [" + section + "]"));
            });
        }
    }

    @Test
    void servicesRunAbsoluteCommandsThatTheInstallersPutThere() {
        for (UnitFile u : units) {
            if (!u.path().toString().endsWith(".service")) {
                continue;
            }
            List<String> commands = new ArrayList<>(u.all("Service", "ExecStartPre"));
            commands.addAll(u.all("Service", "ExecStart"));
            assertEquals(1, u.all("Service", "ExecStart").size(), u.path() + ": one ExecStart");
            for (String c : commands) {
                List<String> argv = UnitFile.argv(c);
                String exe = argv.get(0);
                assertTrue(exe.startsWith("/"), u.path() + ": command is not absolute: " + c);
                assertTrue(FROM_PACKAGES.contains(exe) || installed.has(exe),
                        u.path() + ": " + exe + " is not installed by deploy/*/install.sh");
                for (String arg : argv.subList(1, argv.size())) {
                    String path = arg.contains("=/") ? arg.substring(arg.indexOf("=/") + 1) : arg;
                    if (path.startsWith("/opt/ssk/") || path.startsWith("/etc/ssk/")) {
                        assertTrue(installed.has(path), u.path() + ": " + path + " is not installed");
                    }
                }
            }
        }
    }

    @Test
    void requiredEnvironmentFilesAndTheWorkingDirectoriesAreInstalled() {
        for (UnitFile u : units) {
            for (String env : u.all("Service", "EnvironmentFile")) {
                if (!env.startsWith("-")) {
                    assertTrue(installed.has(env), u.path() + ": EnvironmentFile " + env + " is not installed");
                }
            }
            u.one("Service", "WorkingDirectory").ifPresent(dir ->
                    assertTrue(installed.has(dir), u.path() + ": WorkingDirectory " + dir + " is not created"));
        }
    }

    @Test
    void everyUnitAndTimerUnderDeployIsInstalledByAnInstaller() {
        for (UnitFile u : units) {
            String name = u.path().getFileName().toString();
            assertTrue(installed.has("/etc/systemd/system/" + name), name + " is in deploy/ but no installer installs it");
        }
    }

    @Test
    void everyTimerHasItsServiceAndLongRunningServicesRestartForever() {
        for (UnitFile u : units) {
            String name = u.path().getFileName().toString();
            if (name.endsWith(".timer")) {
                String service = name.replace(".timer", ".service");
                assertTrue(units.stream().anyMatch(o -> o.path().getFileName().toString().equals(service)),
                        name + " has no " + service);
            } else if (!u.one("Service", "Type").orElse("simple").equals("oneshot")) {
                assertEquals("always", u.one("Service", "Restart").orElse("no"), name + " Restart=");
                assertEquals("0", u.one("Unit", "StartLimitIntervalSec").orElse("10s"),
                        name + " must never stop restarting: StartLimitIntervalSec=0");
            }
        }
    }

    @Test
    void documentationLinksPointAtPagesOfTheHardwareDocs() {
        for (UnitFile u : units) {
            for (String doc : u.all("Unit", "Documentation")) {
                assertTrue(doc.startsWith("file:///opt/ssk/docs/"), u.path() + ": " + doc);
                Path page = Installation.checkout().resolve("hardware-docs").resolve(doc.substring("file:///opt/ssk/docs/".length()));
                assertTrue(Files.isRegularFile(page), u.path() + ": " + doc + " has no page " + page);
            }
        }
    }

    @Test
    void systemdAnalyzeVerifyFindsNothingButTheAbsentTargetMachinesCommands() throws Exception {
        Path exe = Path.of("/usr/bin/systemd-analyze");
        assertTrue(Files.isExecutable(exe), exe + " is needed to verify the units: install Debian's systemd package"
                + " (tools/setup-debian does)");
        List<String> argv = new ArrayList<>(List.of(exe.toString(), "verify", "--man=no"));
        units.forEach(u -> argv.add(u.path().toString()));
        Processes.Result r = procs.run(argv, Map.of("SYSTEMD_LOG_COLOR", "0"), Installation.checkout(), Duration.ofSeconds(60));
        List<String> complaints = r.output().lines()
                // These binaries exist on the Pi and the hub after install.sh, not on this machine.
                .filter(l -> !l.matches(".*Command (/opt/ssk/\\S+|/usr/bin/cage) is not executable.*"))
                .filter(l -> !l.isBlank())
                .toList();
        assertEquals(List.of(), complaints, "systemd-analyze verify complains");
    }
}
