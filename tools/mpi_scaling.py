#!/usr/bin/env python3
"""Simulated scaling of `mpirun -np N prunekit run` from a finished run's measured timings.

Replays the MPI scheduler on a simulated clock: every fit group (its fit once, then each run's
pruning and prediction, as runs.jsonl's "timing" members measured them) goes, largest first, to
the first free slot (ranks x --jobs threads); rank 0's main thread also takes in every record
(parse, append, flush) while the others compute. The run's serial part (planning before, the
summary and report after) is added as measured.

Usage: tools/mpi_scaling.py RUNS_JSONL --serial SECONDS --ingest SECONDS_PER_RECORD
                            [--ranks 1 2 8 32 128] [--jobs 1]
"""
import argparse
import heapq
import json
from collections import defaultdict


def group_costs(path):
    fit = {}
    rest = defaultdict(float)
    records = 0
    with open(path, encoding="utf-8") as log:
        for line in log:
            if not line.strip():
                continue
            run = json.loads(line)
            timing = run["timing"]
            fit[run["group_id"]] = timing["fit_seconds"]
            rest[run["group_id"]] += timing["prune_seconds"] + timing["predict_seconds"]
            records += 1
    return sorted((fit[g] + rest[g] for g in fit), reverse=True), records


def makespan(costs, slots):
    """Greedy list scheduling: each group, largest first, to the slot that frees first."""
    free_at = [0.0] * slots
    heapq.heapify(free_at)
    end = 0.0
    for cost in costs:
        start = heapq.heappop(free_at)
        heapq.heappush(free_at, start + cost)
        end = max(end, start + cost)
    return end


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("runs_jsonl")
    parser.add_argument("--serial", type=float, required=True,
                        help="measured seconds of planning and writing the results")
    parser.add_argument("--ingest", type=float, required=True,
                        help="rank 0's seconds per record received (an upper bound)")
    parser.add_argument("--ranks", type=int, nargs="+", default=[1, 2, 8, 32, 128])
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    costs, records = group_costs(args.runs_jsonl)
    total = sum(costs)
    one = args.serial + total
    print(f"{len(costs)} fit groups, {records} records: {total:.2f} s of groups, largest "
          f"{costs[0]:.3f} s; serial part {args.serial:.2f} s; rank 0 takes in the records in "
          f"{records * args.ingest:.2f} s at most")
    print("ranks  compute  rank-0 intake  wall      speed-up  efficiency  limited by (besides the serial part)")
    for ranks in args.ranks:
        compute = makespan(costs, ranks * args.jobs)
        intake = records * args.ingest if ranks > 1 else 0.0
        wall = args.serial + max(compute, intake)
        bound = ("rank 0 intake" if intake > compute
                 else "largest group" if compute <= costs[0] * 1.05 else "groups")
        speedup = one / wall
        print(f"{ranks:5d}  {compute:7.2f}  {intake:13.2f}  {wall:7.2f}  {speedup:8.1f}x"
              f"  {speedup / ranks:10.0%}  {bound}")


if __name__ == "__main__":
    main()
