#!/usr/bin/python3
"""One-shot global magnitude pruning of LeNet-300-100 on mnist10k: prunekit against PyTorch.

Both sides train 784-300-100-10 ReLU with nn.Linear's initialisation (prunekit: "init":
"fan_in_uniform"), SGD lr 0.05, momentum 0.9, batch 64, cross-entropy, 20 dense epochs, then prune
the three weight matrices (not the biases) globally by magnitude to 50/80/90/95/98 % in one shot
and fine-tune 5 epochs with the masks kept and a fresh optimizer. Both use the same rows: the
split file written here is scikit-learn's
    train_test_split(np.arange(n), test_size=0.2, stratify=y, random_state=0)
over the rows of mnist10k as the peer script reads them (its own load_data: pixels / 255), and
prunekit's bench/nn_prune_bench.cpp reads it with --split (rows in the same order); the script
checks that both read the same rows.

PyTorch side: the peer script (/work/shared/peers/scripts/torch_mlp.py, or $TORCH_MLP; not
modified) is run through runpy with --parts dense,oneshot, once per seed s = 0, 1, 2: before it
runs, torch.manual_seed and torch.Generator.manual_seed are wrapped so that every seed the script
sets (initialisation; dense and fine-tuning batch order) is shifted by 1000 s; s = 0 is the
script exactly as published. prunekit side: nn_prune_bench --seeds 3 with the same split.

Prints, per sparsity and for the dense network, test accuracy mean ± sd (sample sd, n - 1) of each
tool over the seeds, the difference prunekit - PyTorch, and two checks: |difference| <= prunekit's
sd ("within one sd", the criterion of the comparison) and |difference| <= the pooled sd
sqrt((sd_p^2 + sd_t^2) / 2). Raw numbers go to --out (default bench/results/nn_prune_vs_torch.json).

Usage: OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/nn_prune_vs_torch.py
         [--build build/bench] [--seeds 3] [--epochs 20] [--finetune 5]
  (build dir configured with -DCMAKE_BUILD_TYPE=Release -DPRUNEKIT_BUILD_BENCH=ON; the peer needs
  python3-torch, python3-sklearn and libopenblas0-pthread)
"""
import argparse
import json
import math
import os
import runpy
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GRID = (0.5, 0.8, 0.9, 0.95, 0.98)
SEED_SHIFT = 1000

# Runs the peer script as __main__ with every torch seed it sets shifted by SEED_SHIFT * argv[1].
PEER_WRAPPER = r"""
import runpy, sys
import torch
shift = int(sys.argv[1]) * %d
_manual_seed = torch.manual_seed
def manual_seed(seed):
    return _manual_seed(seed + shift)
class Generator(torch.Generator):
    def manual_seed(self, seed):
        return super().manual_seed(seed + shift)
torch.manual_seed = manual_seed
torch.Generator = Generator
sys.argv = sys.argv[2:]
runpy.run_path(sys.argv[0], run_name="__main__")
""" % SEED_SHIFT


def stats(values):
    m = statistics.fmean(values)
    sd = statistics.stdev(values) if len(values) > 1 else 0.0
    return {"mean": m, "sd": sd, "values": list(values)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build", "bench"))
    ap.add_argument("--peer", default=os.environ.get("TORCH_MLP", "/work/shared/peers/scripts/torch_mlp.py"))
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--epochs", type=int, default=20)
    ap.add_argument("--finetune", type=int, default=5)
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "results", "nn_prune_vs_torch.json"))
    a = ap.parse_args()
    bench = os.path.join(a.build, "bench", "nn_prune_bench")
    if not os.access(bench, os.X_OK):
        sys.exit(f"build {bench} first (see bench/README.md)")
    if not os.path.isfile(a.peer):
        sys.exit(f"peer script {a.peer} not found (set TORCH_MLP or --peer)")
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")

    # The split, from the peer's own reader (loading the script without running its main).
    import numpy as np
    from sklearn.model_selection import train_test_split
    peer = runpy.run_path(a.peer, run_name="torch_mlp_peer")
    X, y, info = peer["load_data"]("mnist10k")
    itr, ite = train_test_split(np.arange(len(y)), test_size=0.2, stratify=y, random_state=0)
    tmp = tempfile.mkdtemp(prefix="nn_prune_vs_torch.")
    split_file = os.path.join(tmp, "split.json")
    with open(split_file, "w") as f:
        json.dump({"train": [int(i) for i in itr], "test": [int(i) for i in ite]}, f)

    torch_runs, torch_seconds = [], []
    for s in range(a.seeds):
        print(f"PyTorch seed {s} ...", file=sys.stderr, flush=True)
        out = os.path.join(tmp, f"torch_{s}.json")
        t0 = time.perf_counter()
        subprocess.run(["/usr/bin/python3", "-c", PEER_WRAPPER, str(s), a.peer, "--threads", "1",
                        "--dataset", "mnist10k", "--parts", "dense,oneshot", "--epochs", str(a.epochs),
                        "--ft-epochs", str(a.finetune), "--out", out],
                       env=env, check=True, stdout=subprocess.DEVNULL)
        torch_seconds.append(time.perf_counter() - t0)
        with open(out) as f:
            r = json.load(f)
        if r["n_train"] != len(itr) or r["n_test"] != len(ite) or r["data"]["dataset"] != "mnist10k":
            sys.exit(f"the peer ran on other data: {r['data']} {r['n_train']}/{r['n_test']}")
        torch_runs.append(r)

    print("prunekit ...", file=sys.stderr, flush=True)
    t0 = time.perf_counter()
    p = subprocess.run([bench, "--split", split_file, "--seeds", str(a.seeds), "--epochs", str(a.epochs),
                        "--finetune", str(a.finetune)], env=env, check=True, stdout=subprocess.PIPE, text=True)
    prunekit_seconds = time.perf_counter() - t0
    pk = json.loads(p.stdout)
    pk["split"] = "the split file written by bench/nn_prune_vs_torch.py"

    # Same rows in the same order: class and pixel sum of a few rows, as each side reads them.
    for c in pk["row_check"]:
        r = c["row"]
        if str(int(y[r])) != c["label"] or abs(float(X[r].astype(np.float64).sum()) - c["pixel_sum"]) > 1e-3:
            sys.exit(f"row {r} differs: prunekit {c}, peer label {y[r]} pixel sum {X[r].astype(np.float64).sum()}")
    if pk["train_rows"] != len(itr) or pk["test_rows"] != len(ite):
        sys.exit("prunekit did not use the split")

    rows = []
    def add(name, pk_stats, torch_values, pk_before=None, torch_before=None):
        t = stats(torch_values)
        d = pk_stats["mean"] - t["mean"]
        pooled = math.sqrt((pk_stats["sd"] ** 2 + t["sd"] ** 2) / 2)
        row = {"row": name, "prunekit": pk_stats, "pytorch": t, "difference": d, "pooled_sd": pooled,
               "within_prunekit_sd": abs(d) <= pk_stats["sd"], "within_pooled_sd": abs(d) <= pooled}
        if pk_before is not None:
            row["prunekit_before_finetune"] = pk_before
            row["pytorch_before_finetune"] = stats(torch_before)
        rows.append(row)

    add("dense", pk["dense"], [r["dense"]["test_acc"] for r in torch_runs])
    for g, sp in enumerate(GRID):
        pr = pk["magnitude_oneshot_finetuned"][g]
        assert abs(pr["sparsity"] - sp) < 1e-12
        tr = [next(o for o in r["oneshot"] if abs(o["target_sparsity"] - sp) < 1e-12) for r in torch_runs]
        add(f"{sp * 100:g} %", pr["accuracy"], [o["test_acc_after_ft"] for o in tr],
            pr["accuracy_before_finetune"], [o["test_acc_before_ft"] for o in tr])

    v = torch_runs[0]["versions"]
    print(f"LeNet-300-100 on mnist10k ({len(itr)}/{len(ite)} rows, scikit-learn's stratified split), "
          f"{a.epochs} epochs + {a.finetune} fine-tuning epochs, {a.seeds} seeds; "
          f"PyTorch {v['torch']} with {v['blas']}")
    print("test accuracy %, mean ± sd (n - 1); within: |diff| <= prunekit sd / <= pooled sd")
    print(f"{'':8s} {'prunekit':>16s} {'PyTorch':>16s} {'diff':>7s} {'pk sd':>6s} {'pooled':>6s}  within  "
          f"{'before ft: prunekit':>20s} {'PyTorch':>16s}")
    pct = lambda x: x * 100
    for r in rows:
        line = (f"{r['row']:8s} {pct(r['prunekit']['mean']):7.2f} ± {pct(r['prunekit']['sd']):5.2f} "
                f"{pct(r['pytorch']['mean']):7.2f} ± {pct(r['pytorch']['sd']):5.2f} {pct(r['difference']):+7.2f} "
                f"{pct(r['prunekit']['sd']):6.2f} {pct(r['pooled_sd']):6.2f}  "
                f"{'yes' if r['within_prunekit_sd'] else 'no ':3s}/{'yes' if r['within_pooled_sd'] else 'no ':3s}")
        if "prunekit_before_finetune" in r:
            b, tb = r["prunekit_before_finetune"], r["pytorch_before_finetune"]
            line += (f" {pct(b['mean']):11.2f} ± {pct(b['sd']):5.2f} {pct(tb['mean']):7.2f} ± {pct(tb['sd']):5.2f}")
        print(line)
    print(f"time: PyTorch {sum(torch_seconds):.0f} s ({', '.join(f'{t:.0f}' for t in torch_seconds)} per seed), "
          f"prunekit {prunekit_seconds:.0f} s for all seeds (dense + one-shot part "
          f"{pk['seconds_dense_and_oneshot']:.0f} s)")

    result = {
        "bench": "nn_prune_vs_torch",
        "command": "OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/nn_prune_vs_torch.py",
        "setup": {"arch": "784-300-100-10 ReLU", "init": "U(-1/sqrt(fan_in), 1/sqrt(fan_in)) weights and biases",
                  "optim": "SGD lr 0.05 momentum 0.9 batch 64, cross-entropy", "epochs": a.epochs,
                  "finetune_epochs": a.finetune, "pruning": "one-shot global magnitude over the 3 weight matrices",
                  "split": "sklearn train_test_split(np.arange(n), test_size=0.2, stratify=y, random_state=0)",
                  "n_train": len(itr), "n_test": len(ite), "seeds": a.seeds,
                  "torch_seeds": f"every torch seed of the peer script + {SEED_SHIFT} * s, s = 0..{a.seeds - 1}",
                  "criterion": "|prunekit mean - PyTorch mean| <= prunekit sd (sample sd, n - 1); also reported "
                               "against the pooled sd sqrt((sd_p^2 + sd_t^2) / 2)"},
        "table": rows,
        "seconds": {"pytorch_per_seed": torch_seconds, "prunekit_all_seeds": prunekit_seconds},
        "pytorch": {"script": a.peer, "versions": v, "data": torch_runs[0]["data"],
                    "per_seed": [{"seed": s, "dense": {k: r["dense"][k] for k in ("test_acc", "train_acc", "epoch_s_median")},
                                  "oneshot": r["oneshot"]} for s, r in enumerate(torch_runs)]},
        "prunekit": pk,
    }
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    with open(a.out, "w") as f:
        json.dump(result, f, indent=1)
        f.write("\n")
    shutil.rmtree(tmp)
    print(f"raw numbers: {os.path.relpath(a.out, ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
