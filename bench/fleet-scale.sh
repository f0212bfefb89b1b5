#!/usr/bin/env bash
# Scale run of `monitor run` over a fake ZooKeeper fleet (bench/QuorumMonitor.Bench -- fleet): probe rate achieved against
# expected, CPU share, peak RSS, alerts raised. With --starve, the monitor runs pinned to core 0 at nice 10 next to a
# busy loop on that core (a fraction of one core): the MonitorOverloaded case.
#   bench/fleet-scale.sh ENSEMBLES [INTERVAL_SECONDS] [MEASURE_SECONDS] [--starve]
# Prints one line of figures; results go to bench/RESULTS.md by hand, with date and machine.
set -euo pipefail
cd "$(dirname "$0")/.."
ensembles=${1:?ensembles}; interval=${2:-5}; measure=${3:-60}; starve=${4:-}
dotnet build bench/QuorumMonitor.Bench -c Release -v q -nologo >/dev/null
dotnet build src/QuorumMonitor.Cli -c Release -v q -nologo >/dev/null
work=$(mktemp -d); port=$((19000 + RANDOM % 1000))
cleanup() { kill "${mon:-}" "${fleet:-}" "${hog:-}" "${feeder:-}" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
mkfifo "$work/in"; sleep 100000 > "$work/in" & feeder=$!
dotnet bench/QuorumMonitor.Bench/bin/Release/net10.0/QuorumMonitor.Bench.dll fleet "$ensembles" "$work/fleet.yaml" "${interval}s" < "$work/in" > "$work/fleet.out" 2>&1 & fleet=$!
until grep -q ready "$work/fleet.out" 2>/dev/null; do sleep 0.5; done
wrap=()
if [ "$starve" = --starve ]; then
  taskset -c 0 sh -c 'while :; do :; done' & hog=$!
  wrap=(taskset -c 0 nice -n 10)
fi
"${wrap[@]}" dotnet src/QuorumMonitor.Cli/bin/Release/net10.0/monitor.dll run --config "$work/fleet.yaml" --urls "http://127.0.0.1:$port" > "$work/mon.out" 2>&1 & mon=$!
sleep 3; pid=$(pgrep -f "monitor.dll run --config $work/fleet.yaml" | head -1)
probes() { curl -s -m 60 "http://127.0.0.1:$port/metrics" | awk '/^quorum_monitor_probes_total/ {s+=$2} END {printf "%d", s}'; }
cpu() { awk '{print $14+$15}' "/proc/$pid/stat"; }
sleep 15   # warm-up: JIT, first rounds
p1=$(probes); c1=$(cpu); t1=$(date +%s.%N)
sleep "$measure"
p2=$(probes); c2=$(cpu); t2=$(date +%s.%N)
hz=$(getconf CLK_TCK)
rss=$(awk '/VmHWM/ {print int($2/1024)}' "/proc/$pid/status")
curl -s -m 90 "http://127.0.0.1:$port/api/v1/status" > "$work/status.json"
python3 - "$ensembles" "$interval" "$p1" "$p2" "$t1" "$t2" "$c1" "$c2" "$hz" "$rss" "${starve:-no}" "$work/status.json" <<'PY'
import json, sys
n, interval, p1, p2, t1, t2, c1, c2, hz, rss, starve, path = sys.argv[1:13]
n=int(n); interval=float(interval); secs=float(t2)-float(t1)
rate=(int(p2)-int(p1))/secs; expected=(3*n+1)/interval
cpu=(int(c2)-int(c1))/int(hz)/secs*100
d=json.load(open(path))
alerts={}
for a in d['alerts']:
    if a['state'] in ('firing','pending'):
        alerts[a['name']+':'+a['state']]=alerts.get(a['name']+':'+a['state'],0)+1
held=sum(1 for i in d['incidents'] if i.get('heldBecause'))
suspect=sum(1 for c in d['clusters'] if c.get('suspect'))
print(f"ensembles={n} members={3*n} interval={interval:g}s starve={starve} probes/s={rate:.0f} expected={expected:.0f} ({rate/expected*100:.1f}%) cpu={cpu:.0f}% of one core peakRSS={rss}MiB alerts={alerts or 'none'} held={held} suspect={suspect}")
PY
