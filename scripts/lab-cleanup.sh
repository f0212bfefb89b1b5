#!/usr/bin/env bash
# Kills lab servers left behind by a lab or test run that died before it could clean up (pid files under the lab root).
set -uo pipefail
root="${1:-${TMPDIR:-/tmp}/quorum-monitor-lab}"
[ -d "$root" ] || exit 0
for f in "$root"/*/pids/*.pid; do
  [ -f "$f" ] || continue
  pid=$(cat "$f")
  # Only kill what is still a lab server: a pid may have been reused by an unrelated process.
  if [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -qE "QuorumPeerMain|mariadbd|alertmanager|prometheus|node_exporter"; then
    kill -CONT "$pid" 2>/dev/null; kill -KILL "$pid" 2>/dev/null && echo "lab-cleanup: killed leftover pid $pid ($(basename "$f" .pid))"
  fi
  rm -f "$f"
done
