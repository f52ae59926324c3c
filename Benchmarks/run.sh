#!/usr/bin/env bash
# Builds nnrepl and its benchmark in release mode, then runs every workload in nnrepl's engine
# and in NumPy, side by side (Benchmarks/compare.py). The whole run takes about 25 minutes on 2
# quiet cores; name workloads (by the start of their names) to run only those:
#   bash Benchmarks/run.sh                    everything
#   bash Benchmarks/run.sh gpt conv lstm      the language models, the convolution, the LSTM
#   bash Benchmarks/run.sh mlp startup        the MLP rows and the whole-process rows
#   ROUNDS=1 bash Benchmarks/run.sh batch     one round instead of three: a quick look
set -euo pipefail
cd "$(dirname "$0")"
python3 -c "import numpy" 2>/dev/null || python3 -m pip install --quiet numpy
swift build -c release --static-swift-stdlib --product nnrepl --package-path .. >&2
swift build -c release >&2
python3 compare.py "$(swift build -c release --show-bin-path)/nnrepl-benchmark" \
  "$(swift build -c release --package-path .. --show-bin-path)/nnrepl" "$@"
