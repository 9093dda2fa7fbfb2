#!/usr/bin/env python3
"""Settlement benchmark: accrue against the peers a user would pick instead.

usage: bench/settle/run.py [--orders 10000 100000 1000000 [10000000]] [--runs 3]
                           [--accrue PATH] [--peers python,sqlite,duckdb]

For each size: generates the dataset once (cached in bench/.work/data-N),
runs every peer and accrue (with --accrue) --runs times, interleaved so that
a busy machine slows them alike, and checks that each one's output equals the
Python oracle's byte for byte. Prints orders, peer, median wall seconds, median
CPU seconds (user + system of the whole process tree: steadier than wall time
on a shared machine), peak RSS (the largest of the runs) and accrue's ratio to
each peer.

Each run is one fresh process tree: wall time from spawn to exit, CPU time
and peak RSS from the rusage of the child, which covers the descendants it
waited for (sqlite3 under the shell script); measured by /usr/bin/time when
installed (see measure()), else by os.wait4. The bench plan is defined in
bench/settle/README.md.
"""
import argparse
import csv
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
WORK = REPO / "bench" / ".work"
DUCKDB_PACKAGE = "@duckdb/node-api@1.5.6-r.1"  # pinned: figures must be comparable over time
PERIOD = "2026-Q1"
PEERS = {
    "python": lambda data, out: [sys.executable, str(HERE / "peer_python.py"), str(data), str(out)],
    "sqlite": lambda data, out: ["sh", str(HERE / "peer_sqlite.sh"), str(data), str(out)],
    "duckdb": lambda data, out: ["node", str(HERE / "peer_duckdb.mjs"), str(data), str(out)],
}


def log(message):
    print(message, file=sys.stderr, flush=True)


def generator():
    """Builds gen_dataset on its own (bench/settle is a standalone CMake project too)."""
    build = WORK / "build-gen"
    if not (build / "build.ninja").exists():
        subprocess.run(["cmake", "-S", str(HERE), "-B", str(build), "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Release"],
                       check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["ninja", "-C", str(build)], check=True, stdout=subprocess.DEVNULL)
    return build / "gen_dataset"


def dataset(gen, orders):
    """bench/.work/data-N, regenerated when the generator's source changed."""
    data = WORK / f"data-{orders}"
    stamp = hashlib.sha256((HERE / "gen_dataset.cpp").read_bytes()).hexdigest()
    stamp_file = data / "generator.sha256"
    if not (data / "manifest.yaml").exists() or not stamp_file.exists() or stamp_file.read_text() != stamp:
        log(f"generating {orders} orders in {data}")
        shutil.rmtree(data, ignore_errors=True)
        subprocess.run([str(gen), "--orders", str(orders), "--out", str(data)], check=True)
        stamp_file.write_text(stamp)
    return data


def install_duckdb():
    if not (WORK / "node_modules" / "@duckdb" / "node-api").exists():
        log(f"installing {DUCKDB_PACKAGE} into {WORK}")
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefix", str(WORK), DUCKDB_PACKAGE],
                       check=True, stdout=subprocess.DEVNULL)


TIME = "/usr/bin/time"


def measure(command, stdout_path, env=None):
    """Runs one process tree; returns (exit status, wall s, cpu s, peak RSS MB).

    Peak RSS is the child's ru_maxrss, which covers the descendants it waited
    for. Linux carries a process's high-water mark across exec, so a child
    forked from this Python driver would start at the driver's ~20 MB; GNU
    time, a small C program, is the parent instead when it is installed.
    """
    with open(stdout_path, "wb") as stdout:
        if os.access(TIME, os.X_OK):
            report = Path(stdout_path).with_suffix(".time")
            start = time.perf_counter()
            status = subprocess.run([TIME, "-o", str(report), "-f", "%U %S %M", *command], stdout=stdout,
                                    env=env).returncode
            wall = time.perf_counter() - start
            user, system, rss_kb = report.read_text().split("\n")[-2].split()  # last line: after any "exited" notice
            return status, wall, float(user) + float(system), int(rss_kb) / 1024
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=stdout, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)  # already reaped: keep Popen from waiting
    return process.returncode, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def cpu_model():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


# ---- accrue -----------------------------------------------------------------------------------

def accrue_has_settle(accrue):
    # `accrue settle --help` prints the top-level help and exits 0 when there is
    # no such subcommand (CLI11), so look for it in the list of subcommands.
    result = subprocess.run([accrue, "--help"], capture_output=True, text=True)
    return any(line.split()[:1] == ["settle"] for line in result.stdout.splitlines() if line.startswith(" "))


def accrue_command(accrue, data, ledger_dir):
    return [accrue, "settle", str(HERE / "bench.plan"), "--data", str(data / "manifest.yaml"),
            "--period", PERIOD, "--ledger", str(Path(ledger_dir) / "ledger.db"), "--format", "json"]


def accrue_export(accrue, ledger, batch):
    """The batch's entries, from `accrue export --format json` (not timed)."""
    result = subprocess.run([accrue, "export", str(ledger), "--batch", str(batch), "--format", "json"],
                            capture_output=True)
    if result.returncode != 0:
        raise SystemExit(f"run.py: accrue export failed (exit {result.returncode}): "
                         f"{result.stderr.decode(errors='replace')}")
    return json.loads(result.stdout)["entries"]


# Which oracle column each (component, kind, straight from the expense?) of a
# ledger entry adds to (+1) or takes from (-1). A line the concentration cap
# changed has an `earned` entry (the uncapped commission), a `cap` entry (the
# cap's reduction) and its tranches (`paid`, `deferred`: half_now) out of the
# payee's earned account; a line no rule changed has only its tranches, moved
# straight from the expense, which are then its commission too. `veto` is the
# bonus taken back by the compliance veto. Any other key fails the run: a new
# kind of entry must be placed in a column, not dropped.
ENTRY_COLUMNS = {
    ("commission", "earned", False): [("commission", 1)],
    ("commission", "cap", False): [("commission", -1), ("capped", 1)],
    ("commission", "paid", False): [("paid_now", 1)],
    ("commission", "deferred", False): [("deferred", 1)],
    ("commission", "paid", True): [("paid_now", 1), ("commission", 1)],
    ("commission", "deferred", True): [("deferred", 1), ("commission", 1)],
    ("bonus", "earned", False): [],
    ("bonus", "paid", False): [("bonus", 1)],
    ("bonus", "paid", True): [("bonus", 1)],
    ("bonus", "veto", False): [("vetoed", 1)],
}
PAYOUT_COLUMNS = ["commission", "capped", "paid_now", "deferred", "bonus", "vetoed"]


def accrue_payout_lines(entries, reps):
    """The oracle's payouts.csv from a batch's ledger entries: integer minor
    units (`amount_minor`, cents for CNY) summed by payee and column. `reps`
    is every rep id of reps.csv; a rep with no entry gets a line of zeros."""
    totals = {rep: dict.fromkeys(PAYOUT_COLUMNS, 0) for rep in reps}
    for entry in entries:
        straight = entry["kind"] in ("paid", "deferred") and entry["debit_account"].startswith("expense:")
        key = (entry["component"], entry["kind"], straight)
        if key not in ENTRY_COLUMNS:
            raise SystemExit(f"run.py: accrue's ledger has an entry of component {key[0]!r}, kind {key[1]!r} "
                             f"(from the expense: {key[2]}) that accrue_payout_lines does not place in a "
                             f"column: {entry}")
        if entry["currency"] != "CNY":
            raise SystemExit(f"run.py: accrue's ledger has an entry in {entry['currency']}: {entry}")
        if entry["payee"] not in totals:
            raise SystemExit(f"run.py: accrue's ledger pays {entry['payee']!r}, not a rep of reps.csv")
        for column, sign in ENTRY_COLUMNS[key]:
            totals[entry["payee"]][column] += sign * int(entry["amount_minor"])

    def cents(n):
        return f"{'-' if n < 0 else ''}{abs(n) // 100}.{abs(n) % 100:02d}"

    lines = ["rep,commission,capped,paid_now,deferred,bonus,vetoed"]
    for rep in sorted(totals):
        lines.append(",".join([rep] + [cents(totals[rep][c]) for c in PAYOUT_COLUMNS]))
    return "\n".join(lines) + "\n"


def rep_ids(data):
    with open(data / "reps.csv", newline="", encoding="utf-8") as f:
        rows = csv.reader(f)
        next(rows)
        return [row[0] for row in rows]


# ---- the benchmark ------------------------------------------------------------------------------

def run_size(orders, names, runs, accrue, gen):
    data = dataset(gen, orders)
    results = {name: [] for name in names}
    oracle = None
    for run in range(runs):
        for name in names:
            out = WORK / "out" / str(orders) / name
            shutil.rmtree(out, ignore_errors=True)
            out.mkdir(parents=True)
            if name == "accrue":
                ledger_dir = tempfile.mkdtemp(prefix="ledger-", dir=WORK)  # fresh: a settled period is a no-op
                status, wall, cpu, rss = measure(accrue_command(accrue, data, ledger_dir), out / "stdout")
                if status == 0:  # read the batch back, untimed: the summary is not split by payout
                    batch = json.loads((out / "stdout").read_text())["batch"]
                    entries = accrue_export(accrue, Path(ledger_dir) / "ledger.db", batch)
                    (out / "payouts.csv").write_text(accrue_payout_lines(entries, rep_ids(data)))
                    del entries
                shutil.rmtree(ledger_dir, ignore_errors=True)
            else:
                env = dict(os.environ, ACCRUE_BENCH_WORK=str(WORK))
                status, wall, cpu, rss = measure(PEERS[name](data, out), out / "stdout", env)
            if status != 0:
                raise SystemExit(f"run.py: {name} failed at {orders} orders (exit {status})")
            files = ["payouts.csv"] if name == "accrue" else ["payouts.csv", "grades.csv"]
            output = {f: (out / f).read_bytes() for f in files}
            if name == "python" and oracle is None:
                oracle = output
            same = all(output[f] == oracle[f] for f in files)
            if not same:
                keep = WORK / "out" / f"{orders}-{name}-differs"
                shutil.rmtree(keep, ignore_errors=True)
                shutil.copytree(out, keep)
                log(f"{name} at {orders} orders differs from the Python oracle: see {keep} "
                    f"and {WORK / 'out' / str(orders) / 'python'}")
            results[name].append((wall, cpu, rss, same))
            log(f"  {orders:>9} {name:<7} run {run + 1}/{runs}: {wall:.2f} s wall, {cpu:.2f} s cpu, "
                f"{rss:.0f} MB{'' if same else '  OUTPUT DIFFERS'}")
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orders", type=int, nargs="+", default=[10000, 100000, 1000000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--accrue", help="path to the accrue binary")
    parser.add_argument("--peers", default="python,sqlite,duckdb", help="comma-separated; python always runs")
    args = parser.parse_args()

    names = ["python"] + [p for p in args.peers.split(",") if p and p != "python"]
    for name in names:
        if name not in PEERS:
            parser.error(f"unknown peer {name!r} (known: {', '.join(PEERS)})")
    WORK.mkdir(parents=True, exist_ok=True)
    gen = generator()
    if "duckdb" in names:
        install_duckdb()
    accrue = None
    if args.accrue:
        accrue = str(Path(args.accrue).resolve())
        if accrue_has_settle(accrue):  # a build from before `settle` existed is skipped
            names.append("accrue")
        else:
            log(f"run.py: {accrue} has no `settle` command: accrue skipped")
            accrue = None

    load_before = os.getloadavg()[0]
    table = []
    all_same = True
    for orders in args.orders:
        results = run_size(orders, names, args.runs, accrue, gen)
        accrue_wall = statistics.median(r[0] for r in results["accrue"]) if "accrue" in results else None
        for name in names:
            rows = results[name]
            wall = statistics.median(r[0] for r in rows)
            same = all(r[3] for r in rows)
            all_same &= same
            table.append((orders, name, wall, statistics.median(r[1] for r in rows), max(r[2] for r in rows),
                          "" if accrue_wall is None or name == "accrue" else f"{accrue_wall / wall:.2f}",
                          "yes" if same else "NO"))

    print(f"| orders | peer | median s | median cpu s | peak RSS MB | accrue/peer | = oracle |")
    print(f"|---:|---|---:|---:|---:|---:|---|")
    for orders, name, wall, cpu, rss, ratio, same in table:
        print(f"| {orders:,} | {name} | {wall:.2f} | {cpu:.2f} | {rss:.0f} | {ratio} | {same} |")
    print(f"\nmachine: {os.cpu_count()} CPUs, {cpu_model()}; load average {load_before:.1f} before, "
          f"{os.getloadavg()[0]:.1f} after; runs per figure: {args.runs}")
    return 0 if all_same else 1


if __name__ == "__main__":
    sys.exit(main())
