#!/usr/bin/env bash
# The lab command of README.md: installs what is missing, then runs the monitor on a local lab of real servers.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
dotnet build src/QuorumMonitor.Cli -c Release --no-restore --verbosity quiet -nologo
exec dotnet src/QuorumMonitor.Cli/bin/Release/net10.0/monitor.dll lab "$@"
