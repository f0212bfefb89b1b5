#!/usr/bin/env bash
# Kills lab servers left behind by a lab or test run that died before it could clean up.
# Usage: lab-cleanup.sh [LAB_ROOT]   (default: $QUORUM_MONITOR_LAB_ROOT, else $TMPDIR/quorum-monitor-lab)
set -uo pipefail
root="${1:-${QUORUM_MONITOR_LAB_ROOT:-${TMPDIR:-/tmp}/quorum-monitor-lab}}"
[ -d "$root" ] || exit 0

# Servers listed in pid files. A pid may have been reused: only kill it if its command line names its own lab folder.
for f in "$root"/*/pids/*.pid; do
  [ -f "$f" ] || continue
  lab=$(dirname "$(dirname "$f")")
  pid=$(cat "$f")
  if tr '\0' ' ' 2>/dev/null < "/proc/$pid/cmdline" | grep -qF "$lab/"; then
    kill -CONT "$pid" 2>/dev/null; kill -KILL "$pid" 2>/dev/null && echo "lab-cleanup: killed leftover pid $pid ($(basename "$f" .pid))"
  fi
  rm -f "$f"
done

# Servers whose lab folder is gone lost their owner (and their pid file) together: kill them too.
for proc in /proc/[0-9]*; do
  cmd=$(tr '\0' ' ' 2>/dev/null < "$proc/cmdline") || continue
  case "$cmd" in *"$root/"*) ;; *) continue ;; esac
  lab=$(printf '%s' "$cmd" | grep -oE "$root/[^/ ]+" | head -n 1)
  if [ -n "$lab" ] && [ ! -d "$lab" ]; then
    pid=${proc#/proc/}
    kill -CONT "$pid" 2>/dev/null; kill -KILL "$pid" 2>/dev/null && echo "lab-cleanup: killed orphan pid $pid (lab $lab is gone)"
  fi
done
exit 0
