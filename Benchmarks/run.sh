#!/usr/bin/env bash
# Runs the issue 7 workloads in nnrepl's engine and in NumPy, side by side.
#   bash Benchmarks/run.sh
set -euo pipefail
cd "$(dirname "$0")"
swift run -c release nnrepl-benchmark | tee /tmp/nnrepl-benchmark.txt
python3 numpy_reference.py | tee /tmp/numpy-reference.txt
python3 - <<'PY'
import json
ours = [json.loads(l) for l in open("/tmp/nnrepl-benchmark.txt") if l.startswith("{")]
theirs = {j["workload"]: j for j in (json.loads(l) for l in open("/tmp/numpy-reference.txt"))}
print(f"\n{'workload':40} {'figure':14} {'nnrepl':>12} {'NumPy':>12} {'nnrepl/NumPy':>13} {'|Δ loss|':>10}")
for o in ours:
    t = theirs[o["workload"]]
    better = o["value"] / t["value"] if o["figure"] == "samples/s" else t["value"] / o["value"]
    print(f"{o['workload']:40} {o['figure']:14} {o['value']:12.1f} {t['value']:12.1f} {better:12.2f}× {abs(o['loss'] - t['loss']):10.1e}")
PY
