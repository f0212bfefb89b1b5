#!/usr/bin/env bash
# The test command of README.md (and of .ci/run): installs what is missing, builds, runs both test tiers.
#   scripts/test.sh          fast tier, then live tier (what CI runs)
#   scripts/test.sh --fast   fast tier alone: logic and state machines on fake time, no servers (the inner loop)
#   scripts/test.sh --live   live tier alone: real ZooKeeper, MariaDB, Kafka mock, Alertmanager, Prometheus, Chromium
# Extra arguments after the tier flag go to every 'dotnet test' (e.g. --filter 'FullyQualifiedName~Cadence').
set -euo pipefail
cd "$(dirname "$0")/.."

tiers=(fast live)
case "${1:-}" in
  --fast) tiers=(fast); shift ;;
  --live) tiers=(live); shift ;;
  -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
esac

if [ "${tiers[*]}" = fast ]; then
  # The fast tier starts no server: NuGet packages are all it needs.
  command -v dotnet >/dev/null || { echo "test.sh: the .NET 10 SDK (dotnet) is required: see README, 'Prerequisites'" >&2; exit 1; }
  dotnet restore Monitor.sln --verbosity quiet
else
  bash scripts/install.sh
fi

# A lab root of this run's own: cleanup at the end touches no other run's servers.
QUORUM_MONITOR_LAB_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/quorum-monitor-lab.XXXXXX")
export QUORUM_MONITOR_LAB_ROOT
log=$(mktemp)
trap 'bash scripts/lab-cleanup.sh "$QUORUM_MONITOR_LAB_ROOT"; rm -rf "$QUORUM_MONITOR_LAB_ROOT" "$log"' EXIT

dotnet build Monitor.sln -c Release --no-restore --verbosity quiet -nologo

status=0
for tier in "${tiers[@]}"; do
  started=$SECONDS
  if [ "$tier" = fast ]; then
    projects=(tests/*.Tests/*.Tests.csproj)
  else
    projects=(tests/*.LiveTests/*.LiveTests.csproj)
  fi
  # One assembly at a time: fast assemblies take a second each and parallelise inside; live assemblies start real
  # servers, and running two of them at once on a 2-core machine only makes both slower and their timings noisier.
  for p in "${projects[@]}"; do
    dotnet test "$p" -c Release --no-build --nologo "$@" 2>&1 | tee -a "$log" || status=$?
  done
  echo "test.sh: $tier tier took $((SECONDS - started)) s"
done

# One plain closing line over all test assemblies.
passed=$({ grep -oE "Passed: +[0-9]+" "$log" || true; } | awk '{s+=$2} END {print s+0}')
failed=$({ grep -oE "Failed: +[0-9]+" "$log" || true; } | awk '{s+=$2} END {print s+0}')
skipped=$({ grep -oE "Skipped: +[0-9]+" "$log" || true; } | awk '{s+=$2} END {print s+0}')
if [ "$status" -eq 0 ] && [ "$passed" -eq 0 ]; then
  echo "test.sh: no test ran" >&2
  status=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
