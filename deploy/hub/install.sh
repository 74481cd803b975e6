#!/bin/sh
# Installs or upgrades the center's hub and its Mosquitto broker on a Debian 12/13 (or Ubuntu
# 22.04+) server, a mini PC or a Raspberry Pi 4/5 with 4 GB. Run as root from the repository or
# the release tarball:
#
#   sudo ./install.sh --broker-name hub.local --broker-name 192.168.1.10 [options]
#
# Options:
#   --jar PATH           the hub-server.jar to install (default: hub-server/target/hub-server.jar)
#   --broker-name NAME   a DNS name or IP the shelves use to reach the broker; repeat for each.
#                        Goes into the broker's TLS certificate. Default: this host's name with
#                        .local and its IPv4 addresses.
#   --no-mosquitto       do not install or touch Mosquitto (embedded broker, or a broker elsewhere)
#   --java-home DIR      use this Java 21+ instead of finding or installing one
#   --root DIR           install into DIR instead of /: no apt, no users, no systemctl, no
#                        certificates (image building and tests)
#
# Safe to repeat; an upgrade is the same command with the new jar. Existing /etc/ssk/hub.env,
# passwords and certificates are kept. Explained step by step in hardware-docs/install-hub.md.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
jar="$here/../../hub-server/target/hub-server.jar"
names=""
mosquitto=yes
java_home=""
root=""

die() { echo "install.sh: $*" >&2; exit 1; }
step() { echo "==> $*"; }

while [ $# -gt 0 ]; do
    case "$1" in
        --jar) jar=$2; shift 2 ;;
        --broker-name) names="$names $2"; shift 2 ;;
        --no-mosquitto) mosquitto=no; shift ;;
        --java-home) java_home=$2; shift 2 ;;
        --root) root=$2; shift 2 ;;
        -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
        *) die "unknown option $1 (see --help)" ;;
    esac
done

[ -f "$jar" ] || die "no hub jar at $jar; build it (mvn -pl hub-server -am package) or pass --jar PATH"
if [ -z "$root" ] && [ "$(id -u)" -ne 0 ]; then
    die "run as root: sudo $0 $*"
fi
live=yes
[ -z "$root" ] || live=no

. "$here/../common/java.sh"

step "Java 21 runtime"
[ -n "$java_home" ] || java_home=$(find_java || true)
if [ -z "$java_home" ] && [ $live = yes ]; then
    install_java
    java_home=$(find_java || true)
fi
[ -n "$java_home" ] && [ "$(java_feature "$java_home")" -ge 21 ] \
    || die "no Java 21 or newer found (looked in /usr/lib/jvm); pass --java-home DIR"
echo "    using $java_home"

if [ $live = yes ]; then
    step "packages and user"
    # fonts-noto-cjk: the hub serves its Chinese faces to kiosk screens that lack them (/assets/fonts/).
    pkgs="curl openssl sqlite3 fonts-noto-cjk"
    # gcc and the -dev headers build the ssk_will broker plugin (below).
    [ $mosquitto = no ] || pkgs="$pkgs mosquitto mosquitto-clients gcc libc6-dev mosquitto-dev libmosquitto-dev"
    # shellcheck disable=SC2086
    apt-get install -y -qq $pkgs
    id ssk-hub >/dev/null 2>&1 || useradd --system --home-dir /var/lib/ssk-hub --shell /usr/sbin/nologin \
        --user-group ssk-hub
fi

step "folders"
install -d -m 0755 "$root/opt/ssk" "$root/opt/ssk/bin" "$root/opt/ssk/docs" "$root/etc/ssk" \
    "$root/usr/local/sbin" "$root/etc/systemd/system" "$root/etc/systemd/journald.conf.d"
install -d -m 0750 "$root/var/lib/ssk-hub" "$root/var/backups/ssk-hub"
[ $live = no ] || chown ssk-hub:ssk-hub "$root/var/lib/ssk-hub" "$root/var/backups/ssk-hub"
ln -sfn "$java_home" "$root/opt/ssk/jre"

step "hub jar"
install -m 0755 "$here/../common/ssk-release" "$root/opt/ssk/bin/ssk-release"
SSK_ROOT="$root" "$root/opt/ssk/bin/ssk-release" install hub-server "$jar"
for tool in ssk-hub-health ssk-hub-backup; do
    install -m 0755 "$here/$tool" "$root/opt/ssk/bin/$tool"
done
for tool in ssk-broker-user ssk-make-certs; do
    install -m 0755 "$here/$tool" "$root/usr/local/sbin/$tool"
done
ln -sfn /opt/ssk/bin/ssk-release "$root/usr/local/sbin/ssk-release"
ln -sfn /opt/ssk/bin/ssk-hub-backup "$root/usr/local/sbin/ssk-hub-backup"
cat > "$root/usr/local/sbin/hub-server" <<'EOF'
#!/bin/sh
# The hub's command line with the service's configuration, e.g. `sudo hub-server --help`.
set -a
[ -r /etc/ssk/hub.env ] && . /etc/ssk/hub.env
set +a
exec /opt/ssk/jre/bin/java -jar /opt/ssk/hub-server.jar "$@"
EOF
chmod 0755 "$root/usr/local/sbin/hub-server"
install -d -m 0755 "$root/opt/ssk/docs/img"
for doc in "$here"/../../hardware-docs/*.md "$here"/../../hardware-docs/img/*.svg; do
    [ -f "$doc" ] || continue
    case "$doc" in
        *.svg) install -m 0644 "$doc" "$root/opt/ssk/docs/img/" ;;
        *) install -m 0644 "$doc" "$root/opt/ssk/docs/" ;;
    esac
done

step "configuration (an existing /etc/ssk/hub.env is kept)"
fresh_env=no
if [ ! -f "$root/etc/ssk/hub.env" ]; then
    fresh_env=yes
    install -m 0640 "$here/hub.env" "$root/etc/ssk/hub.env"
    [ $live = no ] || chgrp ssk-hub "$root/etc/ssk/hub.env"
    if [ $mosquitto = no ]; then
        # Embedded broker: no external URL, no broker user.
        sed -i -e 's/^SSK_BROKER_URL=/#SSK_BROKER_URL=/' -e 's/^SSK_BROKER_USERNAME=/#SSK_BROKER_USERNAME=/' \
            -e 's/^SSK_BROKER_PASSWORD=/#SSK_BROKER_PASSWORD=/' "$root/etc/ssk/hub.env"
    fi
    echo "    wrote /etc/ssk/hub.env: set SSK_ORDER_URL_TEMPLATE to your shop"
fi

if [ $mosquitto = yes ]; then
    step "Mosquitto: TLS listener for the shelves, loopback listener for the hub, logins and ACLs"
    install -d -m 0755 "$root/etc/mosquitto/conf.d" "$root/etc/mosquitto/ssk" "$root/etc/mosquitto/ssk/certs"
    # The dynamic-security plugin rewrites its file on every change: a folder Mosquitto owns.
    install -d -m 0700 "$root/etc/mosquitto/ssk/dynsec"
    plugin=$(ls /usr/lib/*/mosquitto_dynamic_security.so 2>/dev/null | head -n 1 || true)
    [ -n "$plugin" ] || [ $live = no ] || die "Mosquitto's dynamic-security plugin is missing (mosquitto 2.0 or newer)"
    # ssk_will refuses a foreign last will at CONNECT (Mosquitto 2.0.11 would accept it); built here
    # against this machine's broker headers, loaded by ssk.conf before dynamic security.
    install -d -m 0755 "$root/opt/ssk/lib"
    "$here/mosquitto/build-ssk-will" "$root/opt/ssk/lib/mosquitto_ssk_will.so.new" \
        || die "could not build the ssk_will broker plugin (gcc, mosquitto-dev, libmosquitto-dev)"
    chmod 0644 "$root/opt/ssk/lib/mosquitto_ssk_will.so.new"
    mv "$root/opt/ssk/lib/mosquitto_ssk_will.so.new" "$root/opt/ssk/lib/mosquitto_ssk_will.so"
    install -m 0644 "$here/mosquitto/ssk.conf" "$root/etc/mosquitto/conf.d/ssk.conf"
    [ -z "$plugin" ] || sed -i "s|^plugin .*mosquitto_dynamic_security.so\$|plugin $plugin|" "$root/etc/mosquitto/conf.d/ssk.conf"
    if grep -q '^SSK_BROKER_PASSWORD=REPLACED_BY_INSTALL_SH' "$root/etc/ssk/hub.env"; then
        password=$(openssl rand -base64 24 | tr -d '/+=' | cut -c1-24)
        sed -i "s/^SSK_BROKER_PASSWORD=REPLACED_BY_INSTALL_SH/SSK_BROKER_PASSWORD=$password/" "$root/etc/ssk/hub.env"
        echo "    the hub's broker password is in /etc/ssk/hub.env"
    fi
    SSK_DYNSEC_FILE="$root/etc/mosquitto/ssk/dynsec/dynsec.json" SSK_BROKER_ADMIN_FILE="$root/etc/mosquitto/ssk/admin.pw" \
        "$root/usr/local/sbin/ssk-broker-user" init | sed 's/^/    /'
    if [ -f "$root/etc/mosquitto/ssk/passwd" ]; then
        # Before the plugin, logins were a password file with an ACL file; their hashes cannot move.
        echo "    upgrade: shelves of the old password file need a new login each (ssk-broker-user add SHELF):"
        cut -d: -f1 "$root/etc/mosquitto/ssk/passwd" | grep -v -x ssk-hub | sed 's/^/      /'
        mv "$root/etc/mosquitto/ssk/passwd" "$root/etc/mosquitto/ssk/passwd.before-dynsec"
        rm -f "$root/etc/mosquitto/ssk/acl"
    fi
    if [ $live = yes ]; then
        if [ ! -f /etc/mosquitto/ssk/certs/broker.crt ]; then
            if [ -z "$names" ]; then
                names="$(hostname).local $(hostname -I | tr ' ' '\n' | grep -E '^[0-9.]+$' | tr '\n' ' ')"
            fi
            # shellcheck disable=SC2086
            /usr/local/sbin/ssk-make-certs /etc/mosquitto/ssk/certs $names
            echo "    copy /etc/mosquitto/ssk/certs/ca.crt to every shelf (install.sh --broker-ca ca.crt)"
        fi
        # Mosquitto drops to its own user before reading keys and its logins.
        chown root:mosquitto /etc/mosquitto/ssk/certs/broker.key
        chmod 0640 /etc/mosquitto/ssk/certs/broker.key
        chown -R mosquitto:mosquitto /etc/mosquitto/ssk/dynsec
    fi
fi

if [ $live = yes ] && [ $fresh_env = yes ]; then
    step "HTTPS for the pages (and MQTT over TLS for an embedded broker): the hub's certificate"
    ca_dir=/etc/mosquitto/ssk/certs
    [ $mosquitto = yes ] || ca_dir=/etc/ssk/certs
    if [ -z "$names" ]; then
        names="$(hostname).local $(hostname -I | tr ' ' '\n' | grep -E '^[0-9.]+$' | tr '\n' ' ')"
    fi
    # The same center CA as the broker's certificate: shelves and staff trust one ca.crt.
    # shellcheck disable=SC2086
    SSK_CERT_NAME=hub /usr/local/sbin/ssk-make-certs "$ca_dir" $names
    install -d -m 0750 -g ssk-hub /etc/ssk/certs
    [ "$ca_dir" = /etc/ssk/certs ] || install -m 0644 "$ca_dir/hub.crt" /etc/ssk/certs/hub.crt
    [ "$ca_dir" = /etc/ssk/certs ] || install -m 0640 -g ssk-hub "$ca_dir/hub.key" /etc/ssk/certs/hub.key
    chgrp ssk-hub /etc/ssk/certs/hub.key
    chmod 0640 /etc/ssk/certs/hub.key
    sed -i -e 's|^#SSK_TLS_CERT=.*|SSK_TLS_CERT=/etc/ssk/certs/hub.crt|' \
        -e 's|^#SSK_TLS_KEY=.*|SSK_TLS_KEY=/etc/ssk/certs/hub.key|' "$root/etc/ssk/hub.env"
    [ $mosquitto = yes ] || sed -i 's/^#SSK_MQTT_PORT=.*/SSK_MQTT_PORT=8883/' "$root/etc/ssk/hub.env"
    echo "    pages at https://$(hostname).local:8443/ (http://…:8080 redirects); install $ca_dir/ca.crt"
    echo "    on staff devices and kiosks so browsers trust it"
fi

step "systemd units and journald limits"
for f in ssk-hub.service ssk-hub-health.service ssk-hub-health.timer ssk-hub-backup.service ssk-hub-backup.timer; do
    install -m 0644 "$here/$f" "$root/etc/systemd/system/$f"
done
install -m 0644 "$here/../shelf/journald-ssk.conf" "$root/etc/systemd/journald.conf.d/ssk.conf"

if [ $live = no ]; then
    step "done (into $root; nothing enabled)"
    exit 0
fi

step "services"
systemctl daemon-reload
systemctl restart systemd-journald
if [ $mosquitto = yes ]; then
    systemctl enable mosquitto.service
    systemctl restart mosquitto.service
    # The hub's login (client id ssk-hub only), set through the running broker's plugin.
    /usr/local/sbin/ssk-broker-user hub | sed 's/^/    /'
fi
systemctl enable ssk-hub.service ssk-hub-health.timer ssk-hub-backup.timer
systemctl restart ssk-hub.service
systemctl start ssk-hub-health.timer ssk-hub-backup.timer
step "done: journalctl -u ssk-hub -f   shows the hub's log; ssk-broker-user add SHELF   adds a shelf"
