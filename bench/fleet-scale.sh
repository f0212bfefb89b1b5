#!/usr/bin/env bash
# Scale run of `monitor run` over a fake ZooKeeper fleet (bench/QuorumMonitor.Bench -- fleet): probe rate achieved against
# expected, CPU share, peak RSS, alerts raised. With --starve, the monitor runs pinned to core 0 at nice 10 next to a
# busy loop on that core (a fraction of one core): the MonitorOverloaded case. With --fault, after the measurement one
# ensemble in the middle of the fleet loses its quorum (two members refuse, the third answers "not serving"), and the
# fleet's own webhook receiver times the first page for it from the injection, on one stopwatch.
#   bench/fleet-scale.sh ENSEMBLES [INTERVAL_SECONDS] [MEASURE_SECONDS] [--starve|--fault]
# Prints one line of figures; results go to bench/RESULTS.md by hand, with date and machine.
set -euo pipefail
cd "$(dirname "$0")/.."
ensembles=${1:?ensembles}; interval=${2:-5}; measure=${3:-60}; starve=${4:-}
dotnet build bench/QuorumMonitor.Bench -c Release -v q -nologo >/dev/null
dotnet build src/QuorumMonitor.Cli -c Release -v q -nologo >/dev/null
work=$(mktemp -d); port=$((19000 + RANDOM % 1000))
cleanup() { kill "${mon:-}" "${fleet:-}" "${hog:-}" "${feeder:-}" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
[ "$starve" = --fault ] && pager=$((20000 + RANDOM % 1000))
mkfifo "$work/in"; sleep 100000 > "$work/in" & feeder=$!
dotnet bench/QuorumMonitor.Bench/bin/Release/net10.0/QuorumMonitor.Bench.dll fleet "$ensembles" "$work/fleet.yaml" "${interval}s" ${pager:-} < "$work/in" > "$work/fleet.out" 2>&1 & fleet=$!
until grep -q ready "$work/fleet.out" 2>/dev/null; do sleep 0.5; done
wrap=()
if [ "$starve" = --starve ]; then
  taskset -c 0 sh -c 'while :; do :; done' & hog=$!
  wrap=(taskset -c 0 nice -n 10)
fi
"${wrap[@]}" dotnet src/QuorumMonitor.Cli/bin/Release/net10.0/monitor.dll run --config "$work/fleet.yaml" --urls "http://127.0.0.1:$port" > "$work/mon.out" 2>&1 & mon=$!
sleep 3; pid=$(pgrep -f "monitor.dll run --config $work/fleet.yaml" | head -1)
# Probes counted at the fleet (every probe of a healthy member asks srvr then mntr: two answered words), not from
# /metrics: at 10,000 targets the scrape itself (a histogram per unit) takes longer than the measurement.
probes() { echo answered > "$work/in"; sleep 0.5; awk '/^answered/ {a=$2} END {printf "%d", a/2}' "$work/fleet.out"; }
cpu() { awk '{print $14+$15}' "/proc/${1:-$pid}/stat"; }
sleep 15   # warm-up: JIT, first rounds
p1=$(probes); c1=$(cpu); f1=$(cpu "$fleet"); t1=$(date +%s.%N); load1=$(cut -d' ' -f1-3 /proc/loadavg)
sleep "$measure"
p2=$(probes); c2=$(cpu); f2=$(cpu "$fleet"); t2=$(date +%s.%N); load2=$(cut -d' ' -f1-3 /proc/loadavg)
hz=$(getconf CLK_TCK)
if [ "$starve" = --fault ]; then
  victim=$((ensembles / 2))
  echo "lose-quorum $victim" > "$work/in"
  for _ in $(seq 1 700); do grep -q "paged \|no page " "$work/fleet.out" && break; sleep 0.1; done
  grep "injected\|paged \|no page " "$work/fleet.out"
fi
rss=$(awk '/VmHWM/ {print int($2/1024)}' "/proc/$pid/status")
curl -s -m 90 "http://127.0.0.1:$port/api/v1/status" > "$work/status.json" || echo '{}' > "$work/status.json"
python3 - "$ensembles" "$interval" "$p1" "$p2" "$t1" "$t2" "$c1" "$c2" "$hz" "$rss" "${starve:-no}" "$work/status.json" "$f1" "$f2" "$load1" "$load2" <<'PY'
import json, sys
n, interval, p1, p2, t1, t2, c1, c2, hz, rss, starve, path, f1, f2, load1, load2 = sys.argv[1:17]
n=int(n); interval=float(interval); secs=float(t2)-float(t1)
rate=(int(p2)-int(p1))/secs; expected=(3*n)/interval
cpu=(int(c2)-int(c1))/int(hz)/secs*100
fleetcpu=(int(f2)-int(f1))/int(hz)/secs*100
try:
    d=json.load(open(path))
except ValueError:
    d={}
d.setdefault('alerts',[]); d.setdefault('incidents',[]); d.setdefault('clusters',[])
alerts={}
for a in d['alerts']:
    if a['state'] in ('firing','pending'):
        alerts[a['name']+':'+a['state']]=alerts.get(a['name']+':'+a['state'],0)+1
held=sum(1 for i in d['incidents'] if i.get('heldBecause'))
suspect=sum(1 for c in d['clusters'] if c.get('suspect'))
print(f"ensembles={n} members={3*n} interval={interval:g}s starve={starve} probes/s={rate:.0f} expected={expected:.0f} ({rate/expected*100:.1f}%) cpu={cpu:.0f}% of one core peakRSS={rss}MiB alerts={alerts or 'none'} held={held} suspect={suspect} fleetCpu={fleetcpu:.0f}% load=[{load1}]->[{load2}]")
PY
