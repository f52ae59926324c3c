#!/usr/bin/env bash
# Builds nnrepl and its benchmark in release mode, then runs every workload in nnrepl's engine
# and in NumPy, side by side (Benchmarks/compare.py). Takes about 12 minutes on 2 cores.
#   bash Benchmarks/run.sh
set -euo pipefail
cd "$(dirname "$0")"
python3 -c "import numpy" 2>/dev/null || python3 -m pip install --quiet numpy
swift build -c release --static-swift-stdlib --product nnrepl --package-path .. >&2
swift build -c release >&2
python3 compare.py "$(swift build -c release --show-bin-path)/nnrepl-benchmark" \
  "$(swift build -c release --package-path .. --show-bin-path)/nnrepl"
