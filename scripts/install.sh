#!/usr/bin/env bash
# Installs everything the lab and the tests need, idempotently: Debian packages (as root) and NuGet packages.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  zookeeper                      # real ensembles for the lab and the tests
  mariadb-server                 # MySQL probes are tested on real MariaDB
  prometheus                     # promtool, and the server that evaluates dashboards' PromQL
  prometheus-alertmanager        # amtool, and the Alertmanager the notifier delivers to
  prometheus-node-exporter       # NIC counters scraped by the Kafka capacity probe
  prometheus-blackbox-exporter
  prometheus-mysqld-exporter     # the peer the MySQL freeze benchmark runs side by side
  chromium                       # headless browser tests of the status page
  default-jre-headless           # ZooKeeper's JVM
  procps                         # ps/pkill used by cleanup
  curl
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  if [ "$(id -u)" != 0 ]; then
    echo "install.sh: missing Debian packages (${missing[*]}); run as root" >&2
    exit 1
  fi
  echo "install.sh: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # Debian starts packaged services on install where it can; the lab runs its own, on its own ports.
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  rm -f /usr/sbin/policy-rc.d
fi

command -v dotnet >/dev/null || { echo "install.sh: the .NET 10 SDK (dotnet) is required" >&2; exit 1; }
dotnet restore Monitor.sln --verbosity quiet
