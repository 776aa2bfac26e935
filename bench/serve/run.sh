#!/usr/bin/env bash
# Serving benchmark (not a test): wrk -t2 -c64 single-row JSON churn predictions against `sluice serve` (with and
# without the prediction log) and against a scikit-learn model behind gunicorn+Flask, in the same run on the same
# machine, plus hello endpoints (Helidon's /health in sluice serve, the JDK's built-in HttpServer) for the HTTP stack
# itself. The servers are measured in turn, ROUNDS times, alternating; prints req/s and latency medians and writes
# bench/results/serve.json (BENCHMARKS.md's "Serving" is made from it by bench/report.py).
#
#   bench/serve/run.sh            # ROUNDS=3 rounds of DURATION=15s per server, after WARMUP=20s each
#   bench/serve/run.sh --smoke    # one short round: checks that everything runs and the table is printed
#   bench/serve/run.sh --json F   # the raw figures to F instead of bench/results/serve.json
#
# Installs its peers from Debian when missing (wrk, gunicorn, python3-flask, python3-sklearn, python3-pandas); needs a
# JDK 21+ (JAVA_HOME or the ./sluice launcher's search).
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
cd "$ROOT"
ROUNDS="${ROUNDS:-3}" DURATION="${DURATION:-15s}" WARMUP="${WARMUP:-20s}"
JSON_OUT="" SMOKE=""
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) SMOKE=1; ROUNDS=1 DURATION=2s WARMUP=1s ;;
    --json) JSON_OUT="$2"; shift ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
JSON_TMP=""
if [ -z "$JSON_OUT" ]; then
  if [ -n "$SMOKE" ]; then JSON_OUT="$(mktemp)" JSON_TMP=1; else JSON_OUT="$ROOT/bench/results/serve.json"; fi
fi
. "$ROOT/bin/jdk.sh"
sluice_export_jdk bench/serve/run.sh || exit 2
need=()
command -v wrk >/dev/null || need+=(wrk)
command -v gunicorn >/dev/null || need+=(gunicorn)
/usr/bin/python3 -c 'import flask, sklearn, pandas' 2>/dev/null || need+=(python3-flask python3-sklearn python3-pandas)
"$ROOT/bench/install-debian" ${need[@]+"${need[@]}"}
export SLUICE_HOME="${SLUICE_HOME:-$ROOT/bench/serve/.sluice}"
[ -n "$SMOKE" ] && export SLUICE_HOME="$(mktemp -d)"
export OMP_WAIT_POLICY=PASSIVE
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
LOGS="$(mktemp -d)"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$LOGS"; [ -n "$SMOKE" ] && rm -rf "$SLUICE_HOME"; [ -n "$JSON_TMP" ] && rm -f "$JSON_OUT"; true; }
trap cleanup EXIT

if ! ./sluice models churn --json 2>/dev/null | grep -q '"champion"'; then
  echo "training the churn model (examples/churn) into $SLUICE_HOME ..." >&2
  ./sluice run examples/churn/pipeline.yaml >/dev/null
  ./sluice promote churn 1 --alias champion >/dev/null
fi

wait_up() {  # url log
  for _ in $(seq 1 300); do curl -fs "$1" >/dev/null 2>&1 && return 0; sleep 0.2; done
  echo "no answer from $1 after 60 s; the server's output ($2):" >&2; tail -n 40 "$2" >&2; exit 1
}
for port in 18080 18081 18082 18083; do
  if curl -s -o /dev/null "http://127.0.0.1:$port/"; then echo "port $port is already in use: stop what listens there" >&2; exit 1; fi
done

./sluice serve churn --port 18080 >"$LOGS/sluice.log" 2>&1 & PIDS+=($!)
./sluice serve churn --port 18083 --no-log >"$LOGS/sluice-nolog.log" 2>&1 & PIDS+=($!)
(export CHURN_CSV="$ROOT/examples/churn/data/Telco-Customer-Churn.csv"; exec gunicorn -w 2 -b 127.0.0.1:18081 --chdir "$ROOT/bench/serve" sklearn_app:app >"$LOGS/gunicorn.log" 2>&1) & PIDS+=($!)
"$JAVA" bench/serve/HelloJdk.java 18082 >"$LOGS/hellojdk.log" 2>&1 & PIDS+=($!)
wait_up http://127.0.0.1:18080/ready "$LOGS/sluice.log"
wait_up http://127.0.0.1:18083/ready "$LOGS/sluice-nolog.log"
wait_up http://127.0.0.1:18081/health "$LOGS/gunicorn.log"
wait_up http://127.0.0.1:18082/health "$LOGS/hellojdk.log"

# key | label | url | wrk script (empty for GET)
SERVERS=(
  "sluice|sluice serve (Helidon SE, compiled XGBoost): predict, every prediction logged (default)|http://127.0.0.1:18080/v1/models/churn/predict|bench/serve/predict.lua"
  "sluice-nolog|sluice serve --no-log: predict|http://127.0.0.1:18083/v1/models/churn/predict|bench/serve/predict.lua"
  "gunicorn|gunicorn -w 2 + Flask + scikit-learn: predict|http://127.0.0.1:18081/predict|bench/serve/predict.lua"
  "helidon-health|sluice serve (Helidon SE): GET /health|http://127.0.0.1:18080/health|"
  "jdk-health|JDK com.sun.net.httpserver, virtual threads: GET /health|http://127.0.0.1:18082/health|"
)
wrk_run() {  # duration url script -> wrk --latency output
  if [ -n "$3" ]; then wrk -t2 -c64 -d"$1" --latency -s "$3" "$2"; else wrk -t2 -c64 -d"$1" --latency "$2"; fi
}
# warm-up: long enough that the JIT has compiled the request path (a 5 s warm-up left C2 compiling Helidon's
# routing, 3-4 s of CPU, inside the measured window)
for s in "${SERVERS[@]}"; do IFS='|' read -r key label url script <<<"$s"; wrk_run "$WARMUP" "$url" "$script" >/dev/null; done

RAW="$LOGS/raw.tsv"
LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)" STARTED="$(date -u '+%Y-%m-%d %H:%M:%S UTC')"
for round in $(seq 1 "$ROUNDS"); do
  for s in "${SERVERS[@]}"; do
    IFS='|' read -r key label url script <<<"$s"
    out="$(wrk_run "$DURATION" "$url" "$script")"
    rps="$(printf '%s\n' "$out" | awk '/Requests\/sec/ {print $2}')"
    p50="$(printf '%s\n' "$out" | awk '$1 == "50%" {print $2}')"
    p99="$(printf '%s\n' "$out" | awk '$1 == "99%" {print $2}')"
    errors="$(printf '%s\n' "$out" | awk '/Non-2xx|Socket errors/ {printf "%s ", $0}')"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$key" "$label" "$rps" "$p50" "$p99" "${errors:-}" >>"$RAW"
    echo "round $round: $key $rps req/s, p99 $p99" >&2
  done
done
LOAD_END="$(cut -d' ' -f1-3 /proc/loadavg)"
dropped="$(curl -fs http://127.0.0.1:18080/metrics | awk '/^sluice_serve_logged_rows_total\{outcome="dropped"\}/ {print $2}' || true)"

/usr/bin/python3 - "$RAW" "$JSON_OUT" "$ROUNDS" "$DURATION" "$WARMUP" "$STARTED" "$LOAD_START" "$LOAD_END" "$(nproc)" "${dropped:-}" "$SMOKE" <<'PY'
import json, re, statistics, sys
raw, json_out, rounds, duration, warmup, started, load_start, load_end, cores, dropped, smoke = sys.argv[1:12]

def ms(v):  # wrk prints 1.95ms, 661.00us, 1.02s
    m = re.fullmatch(r"([\d.]+)(us|ms|s)", v.strip())
    if not m:
        raise SystemExit(f"wrk printed a latency '{v}' this script cannot read")
    return float(m.group(1)) * {"us": 1e-3, "ms": 1.0, "s": 1e3}[m.group(2)]

servers = {}
for line in open(raw):
    rnd, key, label, rps, p50, p99, errors = line.rstrip("\n").split("\t")
    s = servers.setdefault(key, {"key": key, "server": label, "runs": []})
    s["runs"].append({"round": int(rnd), "rps": float(rps), "p50_ms": ms(p50), "p99_ms": ms(p99), "errors": errors.strip()})
for s in servers.values():
    for f in ("rps", "p50_ms", "p99_ms"):
        s[f] = statistics.median(r[f] for r in s["runs"])
    s["errors"] = "; ".join(sorted({r["errors"] for r in s["runs"] if r["errors"]})) or "none"
data = {"started": started, "loadavg_start": load_start, "loadavg_end": load_end, "cores": int(cores),
        "rounds": int(rounds), "duration": duration, "warmup": warmup, "wrk": "wrk -t2 -c64 --latency",
        "log_rows_dropped": int(float(dropped)) if dropped else None, "servers": list(servers.values())}
with open(json_out, "w") as f:
    json.dump(data, f, indent=1)

g, sl = servers.get("gunicorn"), servers.get("sluice")
if g and sl and g["rps"] > 0:
    print(f"sluice serve (logged) / gunicorn: {sl['rps'] / g['rps']:.0f}x req/s; prediction log rows dropped: {data['log_rows_dropped']}")
bad = [s["server"] + ": " + s["errors"] for s in servers.values() if s["errors"] != "none" and s["key"].startswith("sluice")]
if smoke and bad:
    raise SystemExit("sluice serve answered with errors: " + "; ".join(bad))
PY
/usr/bin/python3 "$ROOT/bench/report.py" --table serve "$JSON_OUT"
