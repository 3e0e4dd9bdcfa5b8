#!/usr/bin/python3
"""CSV parsing side by side: numpy.loadtxt (C parser, numpy >= 1.23) on the same files as
bench/csv_bench.cpp. The synthetic file is made with `prunekit synth` using csv_bench's
parameters (same generator and seed, so the same bytes).

usage: /usr/bin/python3 bench/csv_peer.py BUILD/apps/prunekit DATASETS_DIR [repeats]
Prints the median MB/s (10^6 bytes per second of CSV text) per file.
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np


def median_mb_per_s(path, repeats):
    size = os.path.getsize(path)
    rates = []
    for _ in range(repeats):
        start = time.process_time()
        array = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float32)
        elapsed = time.process_time() - start
        assert array.shape[0] > 0
        rates.append(size / elapsed / 1e6)
    return statistics.median(rates), size


def main():
    prunekit, datasets = sys.argv[1], sys.argv[2]
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    with tempfile.TemporaryDirectory() as tmp:
        synth = os.path.join(tmp, "synth.csv")
        subprocess.run([prunekit, "synth", "--rows", "100000", "--features", "50",
                        "--informative", "10", "--redundant", "10", "--seed", "1", "-o", synth],
                       check=True, stdout=subprocess.DEVNULL)
        for name, path in [("synthetic 100k x 50", synth),
                           ("mnist10k", os.path.join(datasets, "mnist10k.csv"))]:
            rate, size = median_mb_per_s(path, repeats)
            print(f"numpy.loadtxt {name}: {rate:.1f} MB/s ({size / 1e6:.1f} MB, CPU time, median of {repeats})")


if __name__ == "__main__":
    main()
