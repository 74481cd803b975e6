# Sourced by the install scripts: finds or installs a Java 21+ runtime (POSIX sh).
#
#   java_feature HOME    prints the feature version of a Java home (17, 21, ...), 0 if not one
#   find_java            prints the first Java home under /usr/lib/jvm that is 21 or newer
#   install_java         installs one with apt: openjdk-21-jre-headless where the distribution has
#                        it (Debian 13 "trixie" and Raspberry Pi OS based on it), otherwise Eclipse
#                        Temurin 21 from Adoptium's signed apt repository (Debian 12 "bookworm"
#                        ships Java 17 only)

java_feature() {
    [ -x "$1/bin/java" ] && [ -f "$1/release" ] || { echo 0; return; }
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release")
    echo "${v:-0}"
}

find_java() {
    for home in /usr/lib/jvm/*; do
        if [ -d "$home" ] && [ ! -L "$home" ] && [ "$(java_feature "$home")" -ge 21 ]; then
            echo "$home"
            return 0
        fi
    done
    return 1
}

install_java() {
    apt-get update -qq
    if apt-cache policy openjdk-21-jre-headless | grep -q 'Candidate: [0-9]'; then
        apt-get install -y -qq openjdk-21-jre-headless
    else
        apt-get install -y -qq wget gpg ca-certificates
        wget -qO - https://packages.adoptium.net/artifactory/api/gpg/key/public \
            | gpg --dearmor --yes -o /usr/share/keyrings/adoptium.gpg
        codename=$(. /etc/os-release && echo "$VERSION_CODENAME")
        echo "deb [signed-by=/usr/share/keyrings/adoptium.gpg] https://packages.adoptium.net/artifactory/deb $codename main" \
            > /etc/apt/sources.list.d/adoptium.list
        apt-get update -qq
        apt-get install -y -qq temurin-21-jre
    fi
}
