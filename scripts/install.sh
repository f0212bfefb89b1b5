#!/usr/bin/env bash
# Installs everything the lab and the tests need, idempotently: Debian packages and NuGet packages.
# What it changes on the machine: the Debian packages below (with apt-get, only those missing), and the NuGet cache of
# the user who runs it. Packaged services are not started (policy-rc.d during the install); the lab runs its own
# servers on loopback ports. Only apt-get needs root: as root it runs directly, otherwise through sudo if sudo exists.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  zookeeper                      # real ensembles for the lab and the tests
  mariadb-server                 # MySQL probes are tested on real MariaDB
  galera-4                       # the wsrep provider of the lab's 3-node Galera cluster (a mariadb-server dependency, named)
  rsync                          # Galera's state transfer to a joining node
  prometheus                     # promtool, and the server that evaluates dashboards' PromQL
  prometheus-alertmanager        # amtool, and the Alertmanager the notifier delivers to
  prometheus-node-exporter       # NIC counters scraped by the Kafka capacity probe
  prometheus-blackbox-exporter
  prometheus-mysqld-exporter     # the peer the MySQL freeze benchmark runs side by side
  chromium                       # headless browser tests of the status page
  default-jre-headless           # ZooKeeper's JVM
  procps                         # ps/pkill used by cleanup
  sqlite3                        # another process holding the state file locked (outbox lock test)
  curl
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

# Runs a command as root: directly when we are root, else through sudo; says what to do when neither is possible.
as_root() {
  if [ "$(id -u)" = 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    echo "install.sh: installing Debian packages (${missing[*]}) needs root, and sudo is not installed." >&2
    echo "install.sh: run this script once as root (e.g. 'su -c ./scripts/install.sh'), then run it again as yourself." >&2
    exit 1
  fi
}

if ((${#missing[@]})); then
  echo "install.sh: installing ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  # Debian starts packaged services on install where it can; the lab runs its own, on its own ports.
  as_root sh -c 'printf "#!/bin/sh\nexit 101\n" > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d'
  status=0
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || status=$?
  as_root rm -f /usr/sbin/policy-rc.d
  [ "$status" -eq 0 ] || { echo "install.sh: apt-get install failed (exit $status)" >&2; exit "$status"; }
fi

command -v dotnet >/dev/null || { echo "install.sh: the .NET 10 SDK (dotnet) is required: see README, 'Prerequisites'" >&2; exit 1; }
dotnet restore Monitor.sln --verbosity quiet
