#!/usr/bin/env python3
"""Generates a valid plan of N lines and times `accrue check` on it.

usage: bench/check/check_bench.py --accrue build/engine/cli/accrue [--lines 2000 20000] [--runs 5]

Prints, per size: lines, bytes, median/min/max wall seconds and peak RSS of
`accrue check`. The plan is deterministic for a given N: records, params,
effective-dated rates, a lookup table, chains of measures with aggregations,
targets, scorecards with variants, rules, payouts and schedules, in the
proportions of the seed plans.
"""
import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

HEADER = """plan "Bench" version "1" {
  currency CNY
  settle quarterly
  round money half_even
}
payee Rep key id { role: text  region_stage: text  target_incentive: money }
entity Customer key id { owner: Rep  acquired: date  industry: text }
event Order key id dated on { customer: Customer  amount: money  margin: percent }
event Survey key id dated on { customer: Customer  score: integer }
event Incident key id dated on { payee: Rep  kind: text }
table quota by Rep.role, Rep.region_stage {
  "rep", "emerging" -> 100000 CNY
  "rep", "mature" -> 120000 CNY
  else -> 90000 CNY
}
schedule five_year {
  50% now
  12.5% after 1 year
  12.5% after 2 years
  12.5% after 3 years
  12.5% after 4 years
  else forfeit
}
"""


def block(i):
    """One group of 20 lines that uses everything it declares."""
    return f"""/// Group {i}.
param rate_{i} = 3% from 2026-01-01 until 2026-12-31, 2.5% from 2027-01-01
param lifetime_{i} = 5
measure Customer.revenue_{i} = sum(Order.amount over period)
measure Customer.orders_{i} = count(Order over last 12 months)
measure Customer.aov_{i} = avg(Order.amount over all)
measure Customer.clv_{i} = aov_{i} * orders_{i} * lifetime_{i} * avg(Order.margin over all)
measure Customer.grade_{i} = grade clv_{i} {{ A >= 100000 CNY, B >= 20000 CNY, else C }}
measure Rep.repurchase_{i} = share(Customer where orders_{i} >= 2)
measure Rep.nps_{i} = nps(Survey.score over last 12 months)
target Rep.score_a_{i} on repurchase_{i} {{ base 60% -> 50%  challenge 70% -> 100%  ideal 80% -> 150%  linear }}
target Rep.score_b_{i} on nps_{i} {{ base 10 -> 50%  challenge 30 -> 100%  ideal 50 -> 150%  stepped }}
scorecard Rep.card_{i} {{
  financial score_a_{i} 60%
  customer score_b_{i} 40%
  when role == "director" {{ financial score_a_{i} 50%  customer score_b_{i} 50% }}
}}
veto compliance_{i} on Rep to bonus_{i} when any(Incident where kind == "bribery" over last 12 months) zero
payout commission_{i} on Customer to owner = round(rate_{i} * revenue_{i} * (if grade_{i} == A then 1.2 else 1)) defer five_year
payout bonus_{i} on Rep = target_incentive * card_{i}
cap bonus_cap_{i} on Rep to bonus_{i} at 2 * quota
"""


def make_plan(lines):
    text = HEADER
    i = 0
    while text.count("\n") < lines:
        text += block(i)
        i += 1
    return text


def time_check(accrue, path, runs):
    """Wall and CPU seconds of each run, and the peak RSS over all runs.

    CPU time (user + sys of the child) is reported beside wall time because
    the 2-core machines this runs on are shared: CPU time moves less when
    another process competes for the cores.
    """
    walls, cpus, peak = [], [], 0
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        proc = subprocess.run([accrue, "check", path], capture_output=True, text=True)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
        peak = max(peak, after.ru_maxrss)
        if proc.returncode != 0:
            sys.exit(f"accrue check failed on the bench plan:\n{proc.stderr[:4000]}")
    return walls, cpus, peak


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--accrue", default="build/engine/cli/accrue")
    ap.add_argument("--lines", type=int, nargs="+", default=[2000, 20000])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    print(f"machine: {os.cpu_count()} cores; {open('/proc/cpuinfo').read().split('model name')[1].split(':')[1].splitlines()[0].strip()}")
    print(f"{'lines':>8} {'bytes':>10} {'wall median s':>14} {'min s':>7} {'max s':>7} {'cpu median s':>13} {'peak RSS MB':>12}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.lines:
            path = os.path.join(tmp, f"bench_{n}.plan")
            text = make_plan(n)
            with open(path, "w") as f:
                f.write(text)
            walls, cpus, rss_kb = time_check(args.accrue, path, args.runs)
            print(f"{text.count(chr(10)):>8} {len(text):>10} {statistics.median(walls):>14.3f} {min(walls):>7.3f} "
                  f"{max(walls):>7.3f} {statistics.median(cpus):>13.3f} {rss_kb / 1024:>12.1f}")


if __name__ == "__main__":
    main()
