#!/usr/bin/python3
"""Generate the synthetic tree-benchmark datasets and save them as CSV (a copy of the peer
baseline generator, ../shared/peers/scripts/gen_synth.py, with an output folder option).

make_classification(n_samples=N, n_features=20, n_informative=10, n_redundant=5,
                    flip_y=0.05, class_sep=0.8, random_state=0)

X is cast to float32 (sklearn trees cast X to float32 internally anyway, so the tree
grown on float64 X and on float32(X) is identical) and written with '%.9g', which
round-trips float32 exactly.  Rows are kept in make_classification's (shuffled) order.
Split convention used by every part-A benchmark: train = first 80% of rows,
test = last 20% of rows (no reshuffle).

Usage: /usr/bin/python3 bench/tree_gen_synth.py [--sizes 10000 100000 1000000] [--out DIR]
Prints one JSON object per dataset and writes data/synth_N.meta.json.
"""
import argparse, hashlib, json, os, sys, time
import numpy as np
from sklearn.datasets import make_classification

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DATA = os.path.join(HERE, "data")


def make(n):
    X, y = make_classification(n_samples=n, n_features=20, n_informative=10, n_redundant=5,
                               flip_y=0.05, class_sep=0.8, random_state=0)
    return np.ascontiguousarray(X.astype(np.float32)), y.astype(np.int64)


def split(n):
    ntr = int(round(0.8 * n))
    return ntr


def write_csv(path, X, y):
    header = ",".join([f"f{i}" for i in range(X.shape[1])] + ["label"])
    fmt = ["%.9g"] * X.shape[1] + ["%d"]
    with open(path, "w") as f:
        f.write(header + "\n")
        # chunked for speed/memory
        line_fmt = ",".join(fmt) + "\n"
        for s in range(0, X.shape[0], 50000):
            xs = X[s:s + 50000].astype(np.float64)
            ys = y[s:s + 50000]
            f.write("".join(line_fmt % (tuple(r) + (int(l),)) for r, l in zip(xs.tolist(), ys.tolist())))


def write_arff(path, X, y, relation):
    with open(path, "w") as f:
        f.write(f"@relation {relation}\n\n")
        for i in range(X.shape[1]):
            f.write(f"@attribute f{i} numeric\n")
        f.write("@attribute label {0,1}\n\n@data\n")
        line_fmt = ",".join(["%.9g"] * X.shape[1]) + ",%d\n"
        for s in range(0, X.shape[0], 50000):
            xs = X[s:s + 50000].astype(np.float64)
            ys = y[s:s + 50000]
            f.write("".join(line_fmt % (tuple(r) + (int(l),)) for r, l in zip(xs.tolist(), ys.tolist())))


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for b in iter(lambda: f.read(1 << 20), b""):
            h.update(b)
    return h.hexdigest()


def main():
    global DATA
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[10000, 100000, 1000000])
    ap.add_argument("--max-mb", type=float, default=300.0)
    ap.add_argument("--arff-max-n", type=int, default=0, help="write Weka ARFF train/test only up to this N")
    ap.add_argument("--out", default=DATA, help="output folder (default bench/data)")
    a = ap.parse_args()
    DATA = a.out
    os.makedirs(DATA, exist_ok=True)
    for n in a.sizes:
        t0 = time.perf_counter()
        X, y = make(n)
        ntr = split(n)
        meta = {"name": f"synth_{n}", "n_rows": n, "n_features": 20, "n_train": ntr, "n_test": n - ntr,
                "split": "train = rows [0, n_train), test = rows [n_train, n) in file order",
                "generator": "sklearn.datasets.make_classification(n_samples=N, n_features=20, n_informative=10, "
                             "n_redundant=5, flip_y=0.05, class_sep=0.8, random_state=0); X cast to float32",
                "float_format": "%.9g (exact float32 round-trip)",
                "class_counts": np.bincount(y).tolist()}
        # estimate CSV size from a 20k-row sample before writing everything
        sample = os.path.join(DATA, f".size_probe_{n}.csv")
        m = min(n, 20000)
        write_csv(sample, X[:m], y[:m])
        est_mb = os.path.getsize(sample) / m * n / 1e6
        os.remove(sample)
        meta["csv_est_mb"] = round(est_mb, 1)
        csv = os.path.join(DATA, f"synth_{n}.csv")
        if est_mb <= a.max_mb:
            write_csv(csv, X, y)
            meta["csv"] = os.path.relpath(csv, ROOT)
            meta["csv_mb"] = round(os.path.getsize(csv) / 1e6, 1)
            meta["csv_sha256"] = sha256(csv)
            if n <= 100000:
                Z = np.loadtxt(csv, delimiter=",", skiprows=1)
                meta["csv_roundtrip_exact_float32"] = bool(np.array_equal(Z[:, :20].astype(np.float32), X)
                                                           and np.array_equal(Z[:, 20].astype(np.int64), y))
        else:
            meta["csv"] = None
            meta["csv_skipped_reason"] = f"estimated {est_mb:.0f} MB > {a.max_mb} MB"
        if n <= a.arff_max_n:
            for part, sl in (("train", slice(0, ntr)), ("test", slice(ntr, n))):
                p = os.path.join(DATA, f"synth_{n}_{part}.arff")
                write_arff(p, X[sl], y[sl], f"synth_{n}_{part}")
                meta[f"arff_{part}"] = os.path.relpath(p, ROOT)
        meta["gen_seconds"] = round(time.perf_counter() - t0, 2)
        with open(os.path.join(DATA, f"synth_{n}.meta.json"), "w") as f:
            json.dump(meta, f, indent=1)
        print(json.dumps(meta), flush=True)


if __name__ == "__main__":
    main()
