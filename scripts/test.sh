#!/usr/bin/env bash
# The test command of README.md (and of .ci/run): installs what is missing, builds, runs every test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
# A lab root of this run's own: cleanup at the end touches no other run's servers.
QUORUM_MONITOR_LAB_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/quorum-monitor-lab.XXXXXX")
export QUORUM_MONITOR_LAB_ROOT
trap 'bash scripts/lab-cleanup.sh "$QUORUM_MONITOR_LAB_ROOT"; rm -rf "$QUORUM_MONITOR_LAB_ROOT"' EXIT

dotnet build Monitor.sln -c Release --no-restore --verbosity quiet -nologo

log=$(mktemp)
status=0
dotnet test Monitor.sln -c Release --no-build --nologo 2>&1 | tee "$log" || status=$?

# One plain closing line over all test assemblies.
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -oE 'Skipped: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
rm -f "$log"
if [ "$status" -eq 0 ] && [ "$passed" -eq 0 ]; then
  echo "test.sh: no test ran" >&2
  status=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
