#!/bin/bash
# WarmLoop's four cases with two builds' benchmark jars in turn, two rounds (bench/engine/RESULTS.md, "Before and after,
# same run"). Build each jar with `./mvnw -B -q -Pbench -pl sluice-bench -am package -DskipTests` in its checkout.
#   bench/engine/side-by-side.sh BEFORE.jar AFTER.jar [ROUNDS]
set -euo pipefail
before=$1 after=$2 rounds=${3:-2}
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
for round in $(seq "$rounds"); do
  for c in "fan-1000 off 12" "fan-1000 hit 12" "chain-100 off 30" "four new 300"; do
    for jar in "$before" "$after"; do
      echo "## round $round, $jar, $c, load $(cut -d' ' -f1 /proc/loadavg)"
      # shellcheck disable=SC2086  # $c is the case's three words
      "$java" -Xmx1g -cp "$jar" dev.sluice.bench.WarmLoop $c 2>&1 | grep -E '^(fan|chain|four)'
    done
  done
done
