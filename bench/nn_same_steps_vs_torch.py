#!/usr/bin/python3
"""Same weights, same minibatches: prunekit's training step against PyTorch's.

LeNet-300-100 on mnist10k (scikit-learn's split, as bench/nn_prune_vs_torch.py). PyTorch runs the
peer script's own functions (../shared/peers/scripts/torch_mlp.py, or $TORCH_MLP: make_mlp,
train, accuracy after torch.manual_seed(0)); its initial network and the minibatch orders its
train() draws (torch.Generator seeded 0 for dense training, 1 for fine-tuning, one randperm per
epoch) are handed to prunekit (bench/nn_steps_bench.cpp), which replays them. Checks:
  1. dense training from the same initial weights, 1 and 20 epochs;
  2. pruning PyTorch's 20-epoch dense network to 98 % (global magnitude over the three weight
     matrices) and fine-tuning it 1 and 5 epochs with the same orders.
Prints the largest absolute weight difference per layer and both test accuracies. After one
epoch the two agree to float rounding; over more epochs rounding differences (OpenBLAS against
Eigen summation order) grow in dense training, as between any two BLAS libraries; the sparse
fine-tuning stays on the same trajectory.

Usage: OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/nn_same_steps_vs_torch.py
         [--build build/bench]
"""
import argparse
import copy
import json
import os
import runpy
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import nn_prune_vs_torch as common  # noqa: E402
import peers  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default=os.path.join(os.path.dirname(HERE), "build", "bench"))
    ap.add_argument("--peer", default=os.environ.get("TORCH_MLP", peers.peer_script("torch_mlp.py")))
    a = ap.parse_args()
    bench = os.path.join(a.build, "bench", "nn_steps_bench")
    if not os.access(bench, os.X_OK):
        sys.exit(f"build {bench} first (see bench/README.md)")
    import numpy as np
    import torch
    import torch.nn.utils.prune as prune
    from sklearn.model_selection import train_test_split
    torch.set_num_threads(1)
    peer = runpy.run_path(a.peer, run_name="torch_mlp_peer")
    X, y, _ = peer["load_data"]("mnist10k")
    itr, ite = train_test_split(np.arange(len(y)), test_size=0.2, stratify=y, random_state=0)
    Xtr, ytr = torch.from_numpy(X[itr]), torch.from_numpy(y[itr])
    Xte, yte = torch.from_numpy(X[ite]), torch.from_numpy(y[ite])
    classes = [str(c) for c in range(int(y.max()) + 1)]
    lin = peer["linears"]
    tmp = tempfile.mkdtemp(prefix="nn_same_steps.")
    split = os.path.join(tmp, "split.json")
    with open(split, "w") as f:
        json.dump({"train": [int(i) for i in itr], "test": [int(i) for i in ite]}, f)

    def orders(seed, epochs):
        g = torch.Generator().manual_seed(seed)  # as the peer's train(): one randperm per epoch
        return [torch.randperm(len(itr), generator=g).tolist() for _ in range(epochs)]

    def replay(start, seed, epochs, sparsity, name):
        """prunekit from the torch network `start`: prune to `sparsity`, replay `epochs` epochs."""
        model = os.path.join(tmp, f"{name}_in.json")
        common.write_prunekit_model(lin(start), classes, epochs, model)
        order_file = os.path.join(tmp, f"{name}_orders.json")
        with open(order_file, "w") as f:
            json.dump(orders(seed, epochs), f)
        out = os.path.join(tmp, f"{name}_out.json")
        r = subprocess.run([bench, "--split", split, "--model", model, "--orders", order_file,
                            "--sparsity", str(sparsity), "--out", out], check=True, stdout=subprocess.PIPE, text=True)
        result = peer["make_mlp"](X.shape[1], len(classes))
        common.read_prunekit_weights(out, lin(result))
        return json.loads(r.stdout)["test_accuracy"], result

    def compare(what, torch_net, torch_acc, pk_acc, pk_net):
        diffs = [float((t.weight.detach() - p.weight.detach()).abs().max()) for t, p in zip(lin(torch_net), lin(pk_net))]
        print(f"{what:47s} max |w_torch - w_prunekit| per layer " + " ".join(f"{d:8.1e}" for d in diffs) +
              f"   test accuracy PyTorch {torch_acc * 100:6.2f} %, prunekit {pk_acc * 100:6.2f} %")

    torch.manual_seed(0)
    init = peer["make_mlp"](X.shape[1], len(classes))
    for epochs in (1, 20):
        net = copy.deepcopy(init)
        peer["train"](net, Xtr, ytr, epochs, seed=0)
        pk_acc, pk_net = replay(init, 0, epochs, 0.0, f"dense{epochs}")
        compare(f"dense, {epochs} epoch(s) from the same weights", net, peer["accuracy"](net, Xte, yte), pk_acc, pk_net)
        dense = net
    for epochs in (1, 5):
        m = copy.deepcopy(dense)
        prune.global_unstructured([(l, "weight") for l in lin(m)], pruning_method=prune.L1Unstructured, amount=0.98)
        peer["train"](m, Xtr, ytr, epochs, seed=1)
        acc = peer["accuracy"](m, Xte, yte)  # a forward pass: refreshes weight = weight_orig * mask
        pk_acc, pk_net = replay(dense, 1, epochs, 0.98, f"ft{epochs}")
        same_mask = all(bool(((t.weight == 0) == (p.weight == 0)).all()) for t, p in zip(lin(m), lin(pk_net)))
        compare(f"98 % + {epochs} fine-tuning epoch(s) (same mask: {'yes' if same_mask else 'NO'})", m, acc, pk_acc, pk_net)
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
