#!/usr/bin/env bash
# Serving benchmark (not a test): wrk -t2 -c64 single-row JSON churn predictions against `sluice serve` and against a
# scikit-learn model behind gunicorn+Flask, in the same run on the same machine, plus hello endpoints (Helidon's
# /health in sluice serve, the JDK's built-in HttpServer) for the HTTP stack itself. Prints req/s and p99 and writes
# bench/serve/RESULTS.md.
#
# Needs: wrk, python3-sklearn, python3-flask, python3-pandas, gunicorn (Debian packages), a JDK 21+.
#   bench/serve/run.sh            # DURATION=15s by default
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
DURATION="${DURATION:-15s}"
export SLUICE_HOME="${SLUICE_HOME:-$ROOT/bench/serve/.sluice}"
export OMP_WAIT_POLICY=PASSIVE
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
LOGS="$(mktemp -d)"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$LOGS"; }
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

# warm-up, then the measured runs
wrk -t2 -c64 -d5s -s bench/serve/predict.lua http://127.0.0.1:18080/v1/models/churn/predict >/dev/null
wrk -t2 -c64 -d5s -s bench/serve/predict.lua http://127.0.0.1:18083/v1/models/churn/predict >/dev/null
wrk -t2 -c16 -d5s -s bench/serve/predict.lua http://127.0.0.1:18081/predict >/dev/null
wrk -t2 -c64 -d3s http://127.0.0.1:18082/health >/dev/null

measure() {  # name url [script]
  local out
  if [ -n "${3:-}" ]; then out="$(wrk -t2 -c64 -d"$DURATION" --latency -s "$3" "$2")"; else out="$(wrk -t2 -c64 -d"$DURATION" --latency "$2")"; fi
  local rps p50 p99 errors
  rps="$(printf '%s\n' "$out" | awk '/Requests\/sec/ {print $2}')"
  p50="$(printf '%s\n' "$out" | awk '$1 == "50%" {print $2}')"
  p99="$(printf '%s\n' "$out" | awk '$1 == "99%" {print $2}')"
  errors="$(printf '%s\n' "$out" | awk '/Non-2xx|Socket errors/ {printf "%s ", $0}')"
  printf '| %s | %s | %s | %s | %s |\n' "$1" "$rps" "$p50" "$p99" "${errors:-none}"
}

ROWS="$(
  measure "sluice serve (Helidon SE, compiled XGBoost): predict, every prediction logged (default)" http://127.0.0.1:18080/v1/models/churn/predict bench/serve/predict.lua
  measure "sluice serve --no-log: predict" http://127.0.0.1:18083/v1/models/churn/predict bench/serve/predict.lua
  measure "gunicorn -w 2 + Flask + scikit-learn: predict" http://127.0.0.1:18081/predict bench/serve/predict.lua
  measure "sluice serve (Helidon SE): GET /health" http://127.0.0.1:18080/health
  measure "JDK com.sun.net.httpserver, virtual threads: GET /health" http://127.0.0.1:18082/health
)"
TABLE="| server | req/s | p50 | p99 | errors |
|---|---|---|---|---|
$ROWS"
echo "$TABLE"
{
  echo "# Serving benchmark"
  echo
  echo "\`bench/serve/run.sh\` on $(nproc) cores, $(date -u +%Y-%m-%d), wrk -t2 -c64 -d$DURATION, client and servers on the same machine."
  echo "One churn row (19 fields) as JSON per request; the models are the churn example's champion (XGBoost) and a"
  echo "scikit-learn HistGradientBoostingClassifier trained on the same file."
  echo
  echo "$TABLE"
} > bench/serve/RESULTS.md
