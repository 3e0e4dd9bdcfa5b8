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

PyTorch side: the peer script (../shared/peers/scripts/torch_mlp.py, or $TORCH_MLP; not
modified) is run through runpy with --parts dense,oneshot, once per seed s = 0, 1, 2: before it
runs, torch.manual_seed and torch.Generator.manual_seed are wrapped so that every seed the script
sets (initialisation; dense and fine-tuning batch order) is shifted by 1000 s; s = 0 is the
script exactly as published. prunekit side: nn_prune_bench --seeds 3 with the same split.

Prints, per sparsity and for the dense network, test accuracy mean ± sd (sample sd, n - 1) of each
tool over the seeds, the difference prunekit - PyTorch, and two checks: |difference| <= prunekit's
sd ("within one sd", the criterion of the comparison) and |difference| <= the pooled sd
sqrt((sd_p^2 + sd_t^2) / 2). Raw numbers go to --out (default bench/results/nn_prune_vs_torch.json).

--swap: each tool also prunes and fine-tunes the other's dense networks. The PyTorch dense
networks are trained again in this process with the peer script's own functions (make_mlp, train,
the same shifted seeds; their test accuracy must equal the peer run's) and handed to prunekit as
model files (nn_prune_bench --dense-in); prunekit's dense networks (--dense-out) are pruned with
global_unstructured and fine-tuned with the peer's train (fine-tuning seed 1 + 1000 s, as the
peer). Prints, per sparsity, the mean and sd over the 2 x seeds pairs of (prunekit - PyTorch) on
the same dense network: it separates pruning and fine-tuning from dense training.

--dropout: also the same network trained with dropout 0.5 after each hidden ReLU, unpruned (the
peer's "dropout" part; prunekit's nn_prune_bench --dropout 0.5), one more row.

Usage: OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/nn_prune_vs_torch.py
         [--build build/bench] [--seeds 3] [--epochs 20] [--finetune 5] [--swap] [--dropout]
  (build dir configured with -DCMAKE_BUILD_TYPE=Release -DPRUNEKIT_BUILD_BENCH=ON; the peer needs
  python3-torch, python3-sklearn and libopenblas0-pthread)
"""
import argparse
import base64
import copy
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

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers  # noqa: E402

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


def encode_floats(a):
    import numpy as np
    return base64.b64encode(np.ascontiguousarray(a, dtype="<f4").tobytes()).decode()


def all_ones_mask(n):
    b = bytearray(b"\xff" * ((n + 7) // 8))
    if n % 8:
        b[-1] = (1 << (n % 8)) - 1
    return base64.b64encode(bytes(b)).decode()


def write_prunekit_model(linears, classes, epochs, path):
    """A dense torch MLP (its nn.Linear layers) as a prunekit model file (docs/networks.md)."""
    layers = []
    for i, l in enumerate(linears):
        w, b = l.weight.detach().numpy(), l.bias.detach().numpy()
        layers.append({"inputs": int(w.shape[1]), "outputs": int(w.shape[0]),
                       "activation": "relu" if i + 1 < len(linears) else "identity",
                       "weight": encode_floats(w), "bias": encode_floats(b),
                       "weight_mask": all_ones_mask(w.size), "bias_mask": all_ones_mask(b.size)})
    model = {"format": "prunekit-model", "version": 1, "kind": "mlp",
             "params": {"hidden": [int(l.weight.shape[0]) for l in linears[:-1]], "init": "fan_in_uniform",
                        "lr": 0.05, "momentum": 0.9, "batch": 64, "epochs": epochs},
             "task": "classification", "class_names": classes, "layers": layers}
    with open(path, "w") as f:
        json.dump(model, f)


def read_prunekit_weights(path, linears):
    """Copies the weights and biases of a dense prunekit model file into torch nn.Linear layers."""
    import numpy as np
    import torch
    with open(path) as f:
        layers = json.load(f)["layers"]
    for l, J in zip(linears, layers, strict=True):
        w = np.frombuffer(base64.b64decode(J["weight"]), dtype="<f4").reshape(J["outputs"], J["inputs"])
        b = np.frombuffer(base64.b64decode(J["bias"]), dtype="<f4")
        with torch.no_grad():
            l.weight.copy_(torch.from_numpy(w.copy()))
            l.bias.copy_(torch.from_numpy(b.copy()))


def swap(a, peer, data, tmp, bench, split_file, env, torch_runs):
    """Each tool prunes and fine-tunes the other's dense networks (see --swap)."""
    import torch
    import torch.nn.utils.prune as prune
    Xtr, ytr, Xte, yte, classes = data
    torch.set_num_threads(1)
    tdir, pdir = os.path.join(tmp, "torch_dense"), os.path.join(tmp, "prunekit_dense")
    os.makedirs(tdir)
    for s in range(a.seeds):  # the peer's dense part, seeds shifted as in the wrapped runs
        torch.manual_seed(SEED_SHIFT * s)
        dense = peer["make_mlp"](Xtr.shape[1], len(classes))
        peer["train"](dense, Xtr, ytr, a.epochs, seed=SEED_SHIFT * s)
        acc = peer["accuracy"](dense, Xte, yte)
        if acc != torch_runs[s]["dense"]["test_acc"]:
            sys.exit(f"seed {s}: retrained torch dense network {acc} != peer run {torch_runs[s]['dense']['test_acc']}")
        write_prunekit_model(peer["linears"](dense), classes, a.epochs, os.path.join(tdir, f"dense_{s}.json"))
    p = subprocess.run([bench, "--split", split_file, "--seeds", str(a.seeds), "--finetune", str(a.finetune),
                        "--dense-in", tdir, "--obd", "0", "--latency", "0"],
                       env=env, check=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    pk_on_torch = json.loads(p.stdout)
    torch_on_pk = []
    for s in range(a.seeds):
        dense = peer["make_mlp"](Xtr.shape[1], len(classes))
        read_prunekit_weights(os.path.join(pdir, f"dense_{s}.json"), peer["linears"](dense))
        accs = {"dense": peer["accuracy"](dense, Xte, yte)}
        for sp in GRID:
            m = copy.deepcopy(dense)
            prune.global_unstructured([(l, "weight") for l in peer["linears"](m)],
                                      pruning_method=prune.L1Unstructured, amount=sp)
            peer["train"](m, Xtr, ytr, a.finetune, seed=1 + SEED_SHIFT * s)
            accs[sp] = peer["accuracy"](m, Xte, yte)
        torch_on_pk.append(accs)
    return pk_on_torch, torch_on_pk


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build", "bench"))
    ap.add_argument("--peer", default=os.environ.get("TORCH_MLP", peers.peer_script("torch_mlp.py")))
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--epochs", type=int, default=20)
    ap.add_argument("--finetune", type=int, default=5)
    ap.add_argument("--dropout", action="store_true", help="also dropout 0.5, unpruned")
    ap.add_argument("--swap", action="store_true", help="each tool also prunes the other's dense networks")
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
                        "--dataset", "mnist10k", "--parts", "dense,oneshot" + (",dropout" if a.dropout else ""), "--epochs", str(a.epochs),
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
    extra = ["--dense-out", os.path.join(tmp, "prunekit_dense")] if a.swap else []
    if a.swap:
        os.makedirs(extra[1])
    if a.dropout:
        extra += ["--dropout", "0.5"]
    p = subprocess.run([bench, "--split", split_file, "--seeds", str(a.seeds), "--epochs", str(a.epochs),
                        "--finetune", str(a.finetune)] + extra, env=env, check=True, stdout=subprocess.PIPE, text=True)
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

    if a.dropout:
        add("drop 0.5", pk["dropout"]["accuracy"], [r["dropout"]["test_acc"] for r in torch_runs])
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

    swapped = None
    if a.swap:
        import torch
        print("swap: each tool prunes the other's dense networks ...", file=sys.stderr, flush=True)
        t0 = time.perf_counter()
        data = (torch.from_numpy(X[itr]), torch.from_numpy(y[itr]), torch.from_numpy(X[ite]), torch.from_numpy(y[ite]),
                [str(c) for c in range(int(y.max()) + 1)])
        pk_on_torch, torch_on_pk = swap(a, peer, data, tmp, bench, split_file, env, torch_runs)
        swap_seconds = time.perf_counter() - t0
        swapped = {"seconds": swap_seconds, "rows": []}
        print(f"same dense networks, prunekit - PyTorch after pruning + {a.finetune} fine-tuning epochs "
              f"({2 * a.seeds} pairs: {a.seeds} PyTorch-trained, {a.seeds} prunekit-trained dense networks), points:")
        for g, sp in enumerate(GRID):
            on_torch = pk_on_torch["magnitude_oneshot_finetuned"][g]["accuracy"]["values"]
            torch_own = [r["oneshot"][g]["test_acc_after_ft"] for r in torch_runs]
            pk_own = pk["magnitude_oneshot_finetuned"][g]["accuracy"]["values"]
            on_pk = [r[sp] for r in torch_on_pk]
            d = [x - t for x, t in zip(on_torch, torch_own)] + [x - t for x, t in zip(pk_own, on_pk)]
            ds = stats(d)
            swapped["rows"].append({"sparsity": sp, "prunekit_on_torch_dense": stats(on_torch),
                                    "torch_on_prunekit_dense": stats(on_pk), "paired_difference": ds})
            print(f"  {sp * 100:4g} %: mean {pct(ds['mean']):+.3f}, sd {pct(ds['sd']):.3f}, "
                  f"se {pct(ds['sd']) / math.sqrt(len(d)):.3f}; prunekit on PyTorch's dense "
                  f"{pct(stats(on_torch)['mean']):.2f}, PyTorch on prunekit's dense {pct(stats(on_pk)['mean']):.2f}")
        print(f"swap time {swap_seconds:.0f} s")

    result = {
        "bench": "nn_prune_vs_torch",
        "command": " ".join(["OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/nn_prune_vs_torch.py"]
                            + sys.argv[1:]),
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
        "pytorch": {"script": peers.relative(a.peer), "versions": v, "data": torch_runs[0]["data"],
                    "per_seed": [{"seed": s, "dense": {k: r["dense"][k] for k in ("test_acc", "train_acc", "epoch_s_median")},
                                  "oneshot": r["oneshot"], "dropout": r.get("dropout")} for s, r in enumerate(torch_runs)]},
        "prunekit": pk,
    }
    if swapped is not None:
        result["swap"] = swapped
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    with open(a.out, "w") as f:
        json.dump(result, f, indent=1)
        f.write("\n")
    shutil.rmtree(tmp)
    print(f"raw numbers: {os.path.relpath(a.out, ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
