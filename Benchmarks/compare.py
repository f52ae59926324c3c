"""Runs every benchmark workload in nnrepl's engine and in NumPy, on one and on two threads, each
in a process of its own, and prints the figures side by side: a table, then one JSON object per
row. Benchmarks/run.sh builds what it needs and calls it:

    python3 compare.py NNREPL_BENCHMARK NNREPL [NAME …]

With names, only the workloads whose names start with one of them run (`gpt`, `mlp`,
`batch-128`); `startup` picks the whole-process rows. ROUNDS=1 in the environment makes a quick
look.
"""
import json, os, statistics, subprocess, sys, tempfile, time

here = os.path.dirname(os.path.abspath(__file__))
benchmark, nnrepl, chosen = sys.argv[1], sys.argv[2], sys.argv[3:]

def run_json(command, threads):
    env = dict(os.environ, OPENBLAS_NUM_THREADS=str(threads))
    out = subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])

def flops_per_sample(sizes):
    """2 flops per multiply-add: every layer's forward product and ∇W, and δ·Wᵀ below layer 1."""
    products = [a * b for a, b in zip(sizes, sizes[1:])]
    return 2 * (2 * sum(products) + sum(products[1:]))

def process_seconds(command, runs=21):
    """The median wall time of a whole process, started `runs` times after one warm-up."""
    subprocess.run(command, check=True, capture_output=True)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times), max(times)

def is_chosen(name):
    return not chosen or any(name.startswith(prefix) for prefix in chosen)

# The machine's speed drifts by 10-30% over minutes, so every workload runs in three rounds,
# nnrepl and NumPy alternating, and each side's figure is its median round.
ROUNDS = int(os.environ.get("ROUNDS", 3))

def median_round(rounds):
    return sorted(rounds, key=lambda r: r["median"])[len(rounds) // 2]

rows = []
specs = [json.loads(line) for line in subprocess.run([benchmark, "--list"], check=True, capture_output=True, text=True).stdout.splitlines()]
weights_folder = tempfile.TemporaryDirectory()
for spec in filter(lambda s: is_chosen(s["name"]), specs):
    # The dense twin computes its closed-formula weights itself; the others read nnrepl's.
    twin = [sys.executable, os.path.join(here, "numpy_reference.py")]
    if spec["model"] != "dense":
        weights = os.path.join(weights_folder.name, spec["name"] + ".f64")
        subprocess.run([benchmark, "--weights", spec["name"], weights], check=True)
        twin += ["--weights", weights]
    # Data parallelism is a way of using two cores; on one it is the plain engine row.
    for threads in (2,) if spec["path"] == "data-parallel" else (1, 2):
        rounds = [(run_json([benchmark, spec["name"]], threads), run_json(twin + [json.dumps(spec)], threads))
                  for _ in range(ROUNDS)]
        ours, theirs = median_round([o for o, _ in rounds]), median_round([t for _, t in rounds])
        # Under load the fastest run of all rounds, and the processor time, say more than a median.
        for side, runs in ((ours, [o for o, _ in rounds]), (theirs, [t for _, t in rounds])):
            side["fastest_of_rounds"] = min(r["fastest"] for r in runs)
            side["cpu_fastest_round"] = min(r["cpu"] for r in runs)
        samples = spec["samples"] * spec["epochs"]
        row = {"workload": spec["name"], "threads": threads,
               "loss_difference": abs(ours["loss"] - theirs["loss"]),
               "nnrepl": ours, "numpy": theirs}
        for side in (ours, theirs):
            side["samples_per_second"] = samples / side["median"]
            side["microseconds_per_epoch"] = side["median"] / spec["epochs"] * 1e6
            if spec["model"] == "dense":
                side["gflops"] = flops_per_sample(spec["sizes"]) * samples / side["median"] / 1e9
            if spec["model"] == "gpt":  # an epoch is one update on `batch` windows of T tokens
                side["tokens_per_second"] = samples * spec["steps"] / side["median"]
                side["milliseconds_per_step"] = side["median"] / spec["epochs"] * 1e3
        rows.append(row)

# Whole processes: start-up, and the §5.2 run as a user would type it.
with tempfile.NamedTemporaryFile("w", suffix=".nn") as empty:
    seed = next(s for s in specs if s["name"] == "seed-5.2")
    for name, ours, theirs in [
        ("start-up: --version / import numpy", [nnrepl, "--version"], [sys.executable, "-c", "import numpy"]),
        ("start-up: an empty script / python", [nnrepl, empty.name], [sys.executable, "-c", "pass"]),
        ("seed-5.2 as a whole process", [nnrepl, os.path.join(here, "seed-5.2.nn")],
         [sys.executable, os.path.join(here, "numpy_reference.py"), "--once", json.dumps(seed)]),
    ] if is_chosen("startup") else []:
        o, t = process_seconds(ours), process_seconds(theirs)
        rows.append({"workload": name, "threads": int(os.environ.get("OPENBLAS_NUM_THREADS", os.cpu_count())),
                     "nnrepl": {"median": o[0], "fastest": o[1], "slowest": o[2]},
                     "numpy": {"median": t[0], "fastest": t[1], "slowest": t[2]}})

def figure(row):
    """The row's headline figure for each side, its unit, and how many times better nnrepl is."""
    o, t = row["nnrepl"], row["numpy"]
    if "samples_per_second" not in o:
        return "ms", o["median"] * 1e3, t["median"] * 1e3, t["median"] / o["median"]
    if row["workload"].startswith("seed"):
        return "µs/epoch", o["microseconds_per_epoch"], t["microseconds_per_epoch"], t["median"] / o["median"]
    if "tokens_per_second" in o:
        return "tokens/s", o["tokens_per_second"], t["tokens_per_second"], t["median"] / o["median"]
    return "samples/s", o["samples_per_second"], t["samples_per_second"], o["samples_per_second"] / t["samples_per_second"]

print(f"{'workload':36} {'thr':>3} {'unit':>9} {'nnrepl':>10} {'NumPy':>10} {'ratio':>7} {'cpu ratio':>9} "
      f"{'ms/step':>15} {'GFLOP/s':>13} {'peak MB':>11} {'spread (nnrepl)':>17} {'|Δ loss|':>8}")
for row in rows:
    unit, o, t, ratio = figure(row)
    ours, theirs = row["nnrepl"], row["numpy"]
    cpu = f"{theirs['cpu'] / ours['cpu']:8.2f}×" if "cpu" in ours else ""
    step = f"{ours['milliseconds_per_step']:6.1f} / {theirs['milliseconds_per_step']:6.1f}" if "milliseconds_per_step" in ours else ""
    gflops = f"{ours['gflops']:5.1f} / {theirs['gflops']:5.1f}" if "gflops" in ours else ""
    peak = f"{ours['peakBytes'] / 1e6:4.0f} / {theirs['peakBytes'] / 1e6:4.0f}" if "peakBytes" in ours else ""
    spread = f"{ours['fastest'] / ours['median']:.2f}–{ours['slowest'] / ours['median']:.2f}×"
    loss = f"{row['loss_difference']:.0e}" if "loss_difference" in row else ""
    print(f"{row['workload']:36} {row['threads']:3} {unit:>9} {o:10.1f} {t:10.1f} {ratio:6.2f}× {cpu:>9} {step:>15} "
          f"{gflops:>13} {peak:>11} {spread:>17} {loss:>8}")
print("ratio: how many times faster nnrepl is (above 1: faster than NumPy), by wall-clock time; cpu ratio: by the "
      "processor time both threads used. ms/step, GFLOP/s and peak MB: nnrepl / NumPy.")
for row in rows:
    print(json.dumps(row, sort_keys=True))
