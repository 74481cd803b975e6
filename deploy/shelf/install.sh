#!/bin/sh
# Installs or upgrades the shelf agent (and the display's kiosk) on a Raspberry Pi running
# Raspberry Pi OS (Bookworm or newer, 64-bit). Run as root from the unpacked release folder:
#
#   sudo ./install.sh --jar shelf-agent.jar [--broker-ca ca.crt] [--kiosk-url URL] [options]
#
# Options:
#   --jar PATH         the shelf-agent.jar to install (default: shelf-agent/target/shelf-agent.jar)
#   --config PATH      first agent.json, used only when /etc/ssk/agent.json does not exist yet
#                      (default: shelf-agent/agent.example.json)
#   --broker-ca PATH   the center's CA certificate (ca.crt from the hub), trusted for ssl:// brokers
#   --kiosk-url URL    the hub's kiosk page for this shelf (http://HUB:8080/kiosk/ID); installs the display
#   --no-kiosk         do not install or touch the display (agent only)
#   --java-home DIR    use this Java 21+ instead of finding or installing one
#   --root DIR         install into DIR instead of /: no apt, no users, no systemctl (image
#                      building and tests)
#
# What it does, in order (every step is safe to repeat; an upgrade is the same command):
#   Java 21 runtime, packages, users, folders, the jar as a new release, config files kept if they
#   exist, systemd units, journald limits, then enables and (re)starts the services.
# Everything is explained in hardware-docs/install-shelf.md.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
# Defaults: the repository's (or release tarball's) layout, deploy/shelf/ two levels down.
jar="$here/../../shelf-agent/target/shelf-agent.jar"
config="$here/../../shelf-agent/agent.example.json"
broker_ca=""
kiosk_url=""
kiosk=auto
java_home=""
root=""

die() { echo "install.sh: $*" >&2; exit 1; }
step() { echo "==> $*"; }

while [ $# -gt 0 ]; do
    case "$1" in
        --jar) jar=$2; shift 2 ;;
        --config) config=$2; shift 2 ;;
        --broker-ca) broker_ca=$2; shift 2 ;;
        --kiosk-url) kiosk_url=$2; shift 2 ;;
        --no-kiosk) kiosk=no; shift ;;
        --java-home) java_home=$2; shift 2 ;;
        --root) root=$2; shift 2 ;;
        -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
        *) die "unknown option $1 (see --help)" ;;
    esac
done

[ -f "$jar" ] || die "no agent jar at $jar; pass --jar PATH"
[ -z "$broker_ca" ] || [ -f "$broker_ca" ] || die "no CA certificate at $broker_ca"
if [ -z "$root" ] && [ "$(id -u)" -ne 0 ]; then
    die "run as root: sudo $0 $*"
fi
live=yes
[ -z "$root" ] || live=no

# --- Java 21 -------------------------------------------------------------------------------
. "$here/../common/java.sh"

step "Java 21 runtime"
if [ -z "$java_home" ]; then
    java_home=$(find_java || true)
fi
if [ -z "$java_home" ] && [ $live = yes ]; then
    install_java
    java_home=$(find_java || true)
fi
[ -n "$java_home" ] && [ "$(java_feature "$java_home")" -ge 21 ] \
    || die "no Java 21 or newer found (looked in /usr/lib/jvm); pass --java-home DIR"
echo "    using $java_home"

# --- packages, users, folders ---------------------------------------------------------------
if [ $live = yes ]; then
    step "packages"
    apt-get install -y -qq i2c-tools curl openssl mosquitto-clients python3
    if [ "$kiosk" != no ]; then
        # chromium is named chromium-browser on older Raspberry Pi OS images.
        browser=chromium
        apt-cache policy chromium | grep -q 'Candidate: [0-9]' || browser=chromium-browser
        # libnss3-tools: certutil, to make Chromium trust the center's CA for an https hub.
        apt-get install -y -qq cage wlr-randr "$browser" fonts-noto-cjk libnss3-tools
    fi
    if command -v raspi-config >/dev/null; then
        step "I2C bus on"
        raspi-config nonint do_i2c 0
    fi

    step "users"
    getent group gpio >/dev/null || groupadd --system gpio
    getent group i2c >/dev/null || groupadd --system i2c
    id ssk-agent >/dev/null 2>&1 || useradd --system --home-dir /var/lib/ssk-agent --shell /usr/sbin/nologin \
        --user-group ssk-agent
    usermod -aG gpio,i2c ssk-agent
    if [ "$kiosk" != no ]; then
        id ssk-kiosk >/dev/null 2>&1 || useradd --system --create-home --home-dir /var/lib/ssk-kiosk \
            --shell /usr/sbin/nologin --user-group ssk-kiosk
        usermod -aG video,render,input ssk-kiosk
    fi
fi

step "folders"
install -d -m 0755 "$root/opt/ssk" "$root/opt/ssk/bin" "$root/opt/ssk/docs" "$root/etc/ssk" \
    "$root/usr/local/bin" "$root/etc/systemd/system" "$root/etc/systemd/journald.conf.d" "$root/etc/pam.d"
install -d -m 0750 "$root/var/lib/ssk-agent"
[ $live = no ] || chown ssk-agent:ssk-agent "$root/var/lib/ssk-agent"
ln -sfn "$java_home" "$root/opt/ssk/jre"

# --- the agent ------------------------------------------------------------------------------
step "agent jar"
install -m 0755 "$here/../common/ssk-release" "$root/opt/ssk/bin/ssk-release"
SSK_ROOT="$root" "$root/opt/ssk/bin/ssk-release" install shelf-agent "$jar"
# The technician's command: `sudo shelf-agent calibrate ...`, `sudo shelf-agent check`.
cat > "$root/usr/local/bin/shelf-agent" <<'EOF'
#!/bin/sh
exec /opt/ssk/jre/bin/java -jar /opt/ssk/shelf-agent.jar "$@"
EOF
chmod 0755 "$root/usr/local/bin/shelf-agent"

step "configuration (existing files are kept)"
if [ ! -f "$root/etc/ssk/agent.json" ]; then
    [ -f "$config" ] || die "no /etc/ssk/agent.json yet and no config at $config; pass --config PATH"
    install -m 0644 "$config" "$root/etc/ssk/agent.json"
    echo "    wrote /etc/ssk/agent.json: set shelf, broker.url and the lanes, then calibrate"
fi
if [ ! -f "$root/etc/ssk/agent.env" ]; then
    install -m 0640 "$here/agent.env.example" "$root/etc/ssk/agent.env"
    [ $live = no ] || chgrp ssk-agent "$root/etc/ssk/agent.env"
    echo "    wrote /etc/ssk/agent.env: put the shelf's broker password in it"
fi
if [ -n "$broker_ca" ]; then
    # Paho uses the JVM's trust store; the unit points it at this file. Its password only guards
    # the file's integrity, the certificate in it is public.
    install -m 0644 "$broker_ca" "$root/etc/ssk/broker-ca.crt"
    rm -f "$root/etc/ssk/broker-ca.p12"
    "$java_home/bin/keytool" -importcert -noprompt -alias ssk-center-ca -file "$broker_ca" \
        -keystore "$root/etc/ssk/broker-ca.p12" -storetype PKCS12 -storepass ssk-trust >/dev/null 2>&1 || die "could not import $broker_ca into the trust store"
    chmod 0644 "$root/etc/ssk/broker-ca.p12"
fi

step "systemd units and journald limits"
for f in ssk-agent.service ssk-agent-health.service ssk-agent-health.timer; do
    install -m 0644 "$here/$f" "$root/etc/systemd/system/$f"
done
install -m 0755 "$here/ssk-agent-health" "$root/opt/ssk/bin/ssk-agent-health"
install -m 0644 "$here/journald-ssk.conf" "$root/etc/systemd/journald.conf.d/ssk.conf"
install -d -m 0755 "$root/opt/ssk/docs/img"
for doc in "$here"/../../hardware-docs/*.md "$here"/../../hardware-docs/img/*.svg; do
    [ -f "$doc" ] || continue
    case "$doc" in
        *.svg) install -m 0644 "$doc" "$root/opt/ssk/docs/img/" ;;
        *) install -m 0644 "$doc" "$root/opt/ssk/docs/" ;;
    esac
done

# --- the display ----------------------------------------------------------------------------
if [ "$kiosk" != no ]; then
    step "kiosk display"
    install -m 0755 "$here/ssk-kiosk" "$root/opt/ssk/bin/ssk-kiosk"
    install -m 0755 "$here/ssk-kiosk-watchdog" "$root/opt/ssk/bin/ssk-kiosk-watchdog"
    install -m 0644 "$here/ssk-kiosk.service" "$here/ssk-kiosk-restart.service" "$here/ssk-kiosk-restart.timer" \
        "$here/ssk-kiosk-watchdog.service" "$here/ssk-kiosk-watchdog.timer" "$root/etc/systemd/system/"
    install -m 0644 "$here/pam.d-ssk-kiosk" "$root/etc/pam.d/ssk-kiosk"
    if [ -n "$kiosk_url" ]; then
        printf '# Written by install.sh; see kiosk.env.example for the options.\nSSK_KIOSK_URL=%s\n' "$kiosk_url" \
            > "$root/etc/ssk/kiosk.env"
    elif [ ! -f "$root/etc/ssk/kiosk.env" ]; then
        install -m 0644 "$here/kiosk.env.example" "$root/etc/ssk/kiosk.env"
        echo "    wrote /etc/ssk/kiosk.env: put the shelf's kiosk URL in it"
    fi
    # kiosk.env may carry the display's token: readable by root and the kiosk's user only.
    chmod 0640 "$root/etc/ssk/kiosk.env"
    [ $live = no ] || chgrp ssk-kiosk "$root/etc/ssk/kiosk.env"
    # Chromium's managed policy: only the hub's origin, no DevTools, downloads, printing, other
    # profiles. Re-written at every install from the kiosk URL (the origin is all it keeps of it).
    kiosk_origin=$(sed -n -E 's#^SSK_KIOSK_URL=(https?://[^/?#]+).*#\1#p' "$root/etc/ssk/kiosk.env" | tail -n 1)
    if [ -n "$kiosk_origin" ]; then
        install -d -m 0755 "$root/etc/chromium/policies/managed"
        sed "s#__HUB_ORIGIN__#$kiosk_origin#" "$here/chromium-kiosk-policy.json" \
            > "$root/etc/chromium/policies/managed/ssk-kiosk.json"
        chmod 0644 "$root/etc/chromium/policies/managed/ssk-kiosk.json"
    else
        echo "    no kiosk URL yet: Chromium's lock-down policy is written at the next install.sh --kiosk-url"
    fi
    if [ $live = yes ] && [ -f /etc/ssk/broker-ca.crt ]; then
        # Chromium on Linux trusts what the user's NSS database holds: the center's CA, for https hubs.
        nssdb=/var/lib/ssk-kiosk/.pki/nssdb
        runuser -u ssk-kiosk -- mkdir -p "$nssdb"
        [ -f "$nssdb/cert9.db" ] || runuser -u ssk-kiosk -- certutil -N -d "sql:$nssdb" --empty-password
        runuser -u ssk-kiosk -- certutil -D -d "sql:$nssdb" -n ssk-center-ca 2>/dev/null || true
        runuser -u ssk-kiosk -- certutil -A -d "sql:$nssdb" -t "C,," -n ssk-center-ca -i /etc/ssk/broker-ca.crt
    fi
fi

if [ $live = no ]; then
    step "done (into $root; nothing enabled)"
    exit 0
fi

step "services"
if [ "$kiosk" != no ]; then
    # Keep the kernel console from blanking before cage takes the screen; cage itself never blanks.
    for cmdline in /boot/firmware/cmdline.txt /boot/cmdline.txt; do
        if [ -f "$cmdline" ] && ! grep -q 'consoleblank=0' "$cmdline"; then
            sed -i '1 s/$/ consoleblank=0/' "$cmdline"
            echo "    added consoleblank=0 to $cmdline (takes effect at the next boot)"
            break
        fi
    done
    # A desktop's display manager would fight cage for the screen.
    if systemctl is-enabled --quiet lightdm 2>/dev/null; then
        systemctl disable --now lightdm
    fi
    systemctl set-default graphical.target
fi
systemctl daemon-reload
systemctl restart systemd-journald
systemctl enable ssk-agent.service ssk-agent-health.timer
systemctl restart ssk-agent.service
systemctl start ssk-agent-health.timer
if [ "$kiosk" != no ]; then
    systemctl enable ssk-kiosk.service ssk-kiosk-restart.timer ssk-kiosk-watchdog.timer
    systemctl restart ssk-kiosk.service
    systemctl start ssk-kiosk-restart.timer ssk-kiosk-watchdog.timer
fi
step "done: journalctl -u ssk-agent -f   shows the agent's log"
