#!/usr/bin/env bash
# Installs the packaged agent (target/quarkus-app, the fast-jar) under a prefix:
#   PREFIX/app/          quarkus-run.jar, lib/, app/, quarkus/ (as Quarkus lays them out)
#   PREFIX/bin/logcamel  the operator command (logcamel status)
#   PREFIX/bin/logcamel-aot-train  trains a JDK 25 AOT cache for PREFIX/app (docs/performance.md)
#   PREFIX/routes/       the collection configs (kept when they exist)
#   PREFIX/application.properties (kept when it exists)
#   DATA_DIR             checkpoints, spool, local Logstore, the agent's own log (logcamel.log)
#   a systemd unit logcamel.service (Restart=always) running as a dedicated user
#
# usage: install.sh [--prefix /opt/logcamel] [--data-dir /var/lib/logcamel] [--user logcamel]
#                   [--unit-dir /etc/systemd/system] [--no-user] [--no-systemd]
# Run from the repository after ./mvnw -B package -DskipTests. Idempotent: run it again to upgrade
# (checkpoints in DATA_DIR survive, so an upgrade loses nothing).
set -euo pipefail

prefix=/opt/logcamel
data_dir=/var/lib/logcamel
user=logcamel
unit_dir=/etc/systemd/system
create_user=1
systemd=1
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) prefix="$2"; shift 2 ;;
        --data-dir) data_dir="$2"; shift 2 ;;
        --user) user="$2"; shift 2 ;;
        --unit-dir) unit_dir="$2"; shift 2 ;;
        --no-user) create_user=0; shift ;;
        --no-systemd) systemd=0; shift ;;
        *) echo "install.sh: unknown option $1" >&2; exit 2 ;;
    esac
done

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
app="$repo/target/quarkus-app"
if [ ! -f "$app/quarkus-run.jar" ]; then
    echo "install.sh: $app/quarkus-run.jar is missing: run ./mvnw -B package -DskipTests first" >&2
    exit 1
fi

if [ "$create_user" = 1 ] && ! id -u "$user" >/dev/null 2>&1; then
    useradd --system --no-create-home --home-dir "$data_dir" --shell /usr/sbin/nologin "$user"
fi

install -d "$prefix" "$prefix/bin" "$prefix/docs" "$data_dir"
rm -rf "$prefix/app.new"
cp -r "$app" "$prefix/app.new"
rm -rf "$prefix/app"
mv "$prefix/app.new" "$prefix/app"
install -m 0755 "$here/bin/logcamel" "$prefix/bin/logcamel"
install -m 0755 "$here/bin/logcamel-aot-train" "$prefix/bin/logcamel-aot-train"
# a cache trained for the copy in target/ does not fit this one (the JVM checks the jar's path and time)
rm -f "$prefix/app/app.aot"
cp "$repo/docs/operations.md" "$prefix/docs/operations.md"
if [ ! -e "$prefix/application.properties" ]; then
    install -m 0644 "$repo/application.properties" "$prefix/application.properties"
fi
if [ ! -e "$prefix/routes" ]; then
    cp -r "$repo/routes" "$prefix/routes"
fi
if [ "$create_user" = 1 ]; then
    chown -R "$user:$user" "$data_dir"
fi

if [ "$systemd" = 1 ]; then
    install -d "$unit_dir"
    sed -e "s|@PREFIX@|$prefix|g" -e "s|@DATA_DIR@|$data_dir|g" -e "s|@USER@|$user|g" \
        "$here/systemd/logcamel.service" > "$unit_dir/logcamel.service"
    if [ "$unit_dir" = /etc/systemd/system ] && command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
        systemctl daemon-reload
        echo "installed: systemctl enable --now logcamel"
    fi
fi
echo "LogCamel installed under $prefix (data in $data_dir)"
