#!/usr/bin/python3
"""Train a PyTorch MLP, prune 90 % of its weights with prunekit, and carry on training it in
PyTorch with the pruned weights held at zero.

    PYTHONPATH=<build>/python /usr/bin/python3 examples/prune_torch_mlp.py [--sparsity 0.9]

Data: the bundled datasets/digits.csv (8 x 8 images of digits, 10 classes), pixels scaled to
[0, 1], a stratified 70/30 split. The network is 64-128-64-10 with ReLU; prunekit prunes it by
global magnitude (Han et al. 2015) over all three weight matrices, and PyTorch fine-tunes the
result through torch.nn.utils.prune's masks, which prunekit.to_torch attaches.
"""
import argparse
import csv
import os

import numpy as np
import torch
from torch import nn

import prunekit

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def load_digits():
    """X (pixels in [0, 1], float32) and y (the digit, int64) of datasets/digits.csv."""
    with open(os.path.join(ROOT, "datasets", "digits.csv")) as f:
        rows = list(csv.reader(f))
    header, rows = rows[0], np.array(rows[1:], dtype=np.float64)
    target = header.index("label")
    X = np.delete(rows, target, axis=1) / 16.0
    return X.astype(np.float32), rows[:, target].astype(np.int64)


def split(X, y, test_fraction=0.3, seed=0):
    """A stratified split: the same share of every class in the test rows."""
    rng = np.random.default_rng(seed)
    test = np.zeros(len(y), dtype=bool)
    for c in np.unique(y):
        rows = rng.permutation(np.flatnonzero(y == c))
        test[rows[:round(test_fraction * len(rows))]] = True
    return X[~test], y[~test], X[test], y[test]


def train(module, X, y, epochs, seed):
    """Minibatch SGD with momentum on the cross-entropy; masked weights stay zero through
    torch.nn.utils.prune's reparametrisation (weight = weight_orig * weight_mask)."""
    generator = torch.Generator().manual_seed(seed)
    optimizer = torch.optim.SGD(module.parameters(), lr=0.05, momentum=0.9)
    X, y = torch.from_numpy(X), torch.from_numpy(y)
    module.train()
    for _ in range(epochs):
        for batch in torch.randperm(len(y), generator=generator).split(32):
            optimizer.zero_grad()
            nn.functional.cross_entropy(module(X[batch]), y[batch]).backward()
            optimizer.step()
    return module.eval()


def accuracy(module, X, y):
    with torch.no_grad():
        return float((module(torch.from_numpy(X)).argmax(dim=1).numpy() == y).mean())


def weight_sparsity(module):
    weights = [m.weight for m in module if isinstance(m, nn.Linear)]
    return sum(int((w == 0).sum()) for w in weights) / sum(w.numel() for w in weights)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sparsity", type=float, default=0.9, help="share of weights to remove")
    parser.add_argument("--epochs", type=int, default=15, help="training epochs before pruning")
    parser.add_argument("--finetune", type=int, default=5, help="PyTorch epochs after pruning")
    args = parser.parse_args()
    torch.manual_seed(0)
    torch.set_num_threads(1)

    X_train, y_train, X_test, y_test = split(*load_digits())
    dense = nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 64), nn.ReLU(),
                          nn.Linear(64, 10))
    train(dense, X_train, y_train, args.epochs, seed=1)

    # Into prunekit in memory, pruned there, back as an nn.Sequential with pruning masks.
    model = prunekit.from_torch(dense)
    pruned, report = prunekit.prune(model, "magnitude", X=X_train, y=y_train,
                                    sparsity=args.sparsity, prune_output_layer=True)
    sparse = prunekit.to_torch(pruned).eval()
    print("prunekit's magnitude pruning: %.1f %% of the weights removed, %d of %d left"
          % (100 * report["after"]["weight_sparsity"], report["after"]["nonzero_weights"],
             report["after"]["weights"]))
    rows = [("dense (PyTorch)", accuracy(dense, X_test, y_test), weight_sparsity(dense)),
            ("pruned (prunekit)", accuracy(sparse, X_test, y_test), weight_sparsity(sparse))]
    train(sparse, X_train, y_train, args.finetune, seed=2)
    rows.append(("fine-tuned (PyTorch)", accuracy(sparse, X_test, y_test), weight_sparsity(sparse)))

    print("%-22s %14s %16s" % ("network", "test accuracy", "weight sparsity"))
    for name, score, sparsity in rows:
        print("%-22s %14.3f %15.1f%%" % (name, score, 100 * sparsity))

if __name__ == "__main__":
    main()
