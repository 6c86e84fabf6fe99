#!/usr/bin/env bash
# Fuzz the catalog pipeline, the PromQL parser, the snapshot reader, the PagerDuty CSV reader and the
# Prometheus-response decoder with libFuzzer.
#   scripts/fuzz.sh [catalog|promql|snapshot|pagerduty|prometheus] [SECONDS]   (default: all, 900 s each)
# Crashes land in fuzz/crashes/<target>/; copy them into fuzz/regressions/<target>/ once fixed:
# the test suite replays every regression input.
set -euo pipefail
cd "$(dirname "$0")/.."
targets=("${1:-catalog}")
[ $# -eq 0 ] && targets=(catalog promql snapshot pagerduty prometheus)
seconds="${2:-900}"
swift build -c release --product oac-fuzz --scratch-path .build-fuzz \
  -Xswiftc -sanitize=fuzzer -Xswiftc -DOAC_LIBFUZZER -Xswiftc -Xclang-linker -Xswiftc -fuse-ld=lld
bin=".build-fuzz/release/oac-fuzz"
for t in "${targets[@]}"; do
  mkdir -p "fuzz/work/$t" "fuzz/crashes/$t"
  dict=()
  [ -f "fuzz/$t.dict" ] && dict=(-dict="fuzz/$t.dict")
  echo "fuzzing $t for ${seconds}s"
  OAC_FUZZ_TARGET="$t" "$bin" "fuzz/work/$t" "fuzz/corpus/$t" "${dict[@]}" \
    -max_total_time="$seconds" -max_len=8192 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="fuzz/crashes/$t/" -print_final_stats=1 2>&1 | tee "fuzz/$t.log" | grep -E "^#|stat::|ERROR|SUMMARY|Test unit written" | tail -25
done
