#!/usr/bin/env bash
# The test command of README.md (and of .ci/run): installs what is missing, builds, runs both test tiers.
#   scripts/test.sh          fast tier, then live tier (what CI runs)
#   scripts/test.sh --fast   fast tier alone: logic and state machines on fake time, no servers (the inner loop)
#   scripts/test.sh --live   live tier alone: real ZooKeeper, MariaDB, Kafka mock, Alertmanager, Prometheus, Chromium
# Extra arguments after the tier flag go to every 'dotnet test' (e.g. --filter 'FullyQualifiedName~Cadence').
# The live tier runs in three lanes at once (its tests mostly wait on servers, not on the CPU): the CLI live project is
# split by class into two lanes, the other live projects run one after another in the third; a test that starves a
# core on purpose runs alone after them. With extra arguments the
# live projects run one after another instead, so a --filter means what it says.
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
trap 'bash scripts/lab-cleanup.sh "$QUORUM_MONITOR_LAB_ROOT"; rm -rf "$QUORUM_MONITOR_LAB_ROOT" "$log" "$log.lock"' EXIT

dotnet build Monitor.sln -c Release --no-restore --verbosity quiet -nologo

# Classes of the CLI live project that run in the second and third lanes (the longest ones, to balance the lanes);
# the first lane runs every other class, so the lanes always cover the whole project exactly once.
lane2_classes=(PackageInstallTests PermitDurabilityLiveTests OutboxLockLiveTests)
# Run alone once the lanes are done: one starves a core on purpose and judges the monitor's own lateness; the other
# samples srvr every 200 ms and counts any unanswered sample against the ensemble.
solo_classes=(MonitorOverloadLiveTests RollingRestartLiveTests)
lane3_classes=(DrillRunTests PromQlEvaluationTests)
cli_live=tests/QuorumMonitor.Cli.LiveTests/QuorumMonitor.Cli.LiveTests.csproj

filter_in() { local f="" c; for c in "$@"; do f="${f:+$f|}FullyQualifiedName~.$c."; done; echo "$f"; }
filter_out() { local f="" c; for c in "$@"; do f="${f:+$f&}FullyQualifiedName!~.$c."; done; echo "$f"; }

# One 'dotnet test' whose output is printed whole when it ends (lanes would interleave line by line) and kept in $log.
run_project() {
  local out
  out=$(mktemp)
  local rc=0
  dotnet test "$@" -c Release --no-build --nologo > "$out" 2>&1 || rc=$?
  flock "$log.lock" bash -c 'cat "$1"; cat "$1" >> "$2"' _ "$out" "$log"
  rm -f "$out"
  return "$rc"
}

run_lane() {
  local rc=0 step
  for step in "$@"; do
    eval "run_project $step" || rc=$?
  done
  return "$rc"
}

status=0
for tier in "${tiers[@]}"; do
  started=$SECONDS
  if [ "$tier" = fast ]; then
    projects=(tests/*.Tests/*.Tests.csproj)
  else
    projects=(tests/*.LiveTests/*.LiveTests.csproj)
  fi
  if [ "$tier" = live ] && [ "$#" -eq 0 ]; then
    others=()
    for p in "${projects[@]}"; do
      [ "$p" = "$cli_live" ] || others+=("$p")
    done
    lane3=("$cli_live --filter '$(filter_in "${lane3_classes[@]}")'" "${others[@]}")
    run_lane "$cli_live --filter '$(filter_out "${lane2_classes[@]}" "${lane3_classes[@]}" "${solo_classes[@]}")'" & lane1=$!
    run_lane "$cli_live --filter '$(filter_in "${lane2_classes[@]}")'" & lane2=$!
    run_lane "${lane3[@]}" & lane3_pid=$!
    for pid in "$lane1" "$lane2" "$lane3_pid"; do
      wait "$pid" || status=$?
    done
    run_lane "$cli_live --filter '$(filter_in "${solo_classes[@]}")'" || status=$?
  else
    for p in "${projects[@]}"; do
      run_project "$p" "$@" || status=$?
    done
  fi
  echo "test.sh: $tier tier took $((SECONDS - started)) s"
done

passed=$({ grep -oE "Passed: +[0-9]+" "$log" || true; } | awk '{s+=$2} END {print s+0}')
failed=$({ grep -oE "Failed: +[0-9]+" "$log" || true; } | awk '{s+=$2} END {print s+0}')
skipped=$({ grep -oE "Skipped: +[0-9]+" "$log" || true; } | awk '{s+=$2} END {print s+0}')
if [ "$status" -eq 0 ] && [ "$passed" -eq 0 ]; then
  echo "test.sh: no test ran" >&2
  status=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
