"""The example scripts run and say what they promise (examples/*.py)."""
import os
import re
import subprocess
import sys

import pytest
from conftest import ROOT

import prunekit


def run_example(name, *args):
    env = dict(os.environ, PYTHONPATH=os.path.dirname(os.path.dirname(prunekit.__file__)),
               MPLBACKEND="Agg")
    done = subprocess.run([sys.executable, os.path.join(ROOT, "examples", name), *args],
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_prune_sklearn_tree(tmp_path):
    plot = []
    try:
        import matplotlib  # noqa: F401
        plot = ["--plot", str(tmp_path / "path.png")]
    except ImportError:
        pass
    out = run_example("prune_sklearn_tree.py", *plot)
    grown = re.search(r"^grown\s+(\d+)\s+(\d+)\s+([\d.]+)$", out, re.M)
    pruned = re.search(r"^pruned\s+(\d+)\s+(\d+)\s+([\d.]+)$", out, re.M)
    assert grown and pruned, out
    assert int(pruned.group(1)) < int(grown.group(1))
    assert float(pruned.group(3)) > 0.85
    assert "<- chosen" in out
    if plot:
        assert (tmp_path / "path.png").stat().st_size > 10_000


def test_prune_torch_mlp():
    pytest.importorskip("torch")
    out = run_example("prune_torch_mlp.py")
    rows = dict(re.findall(r"^(dense|pruned|fine-tuned) \S+\s+([\d.]+)\s+[\d.]+%$", out, re.M))
    assert set(rows) == {"dense", "pruned", "fine-tuned"}, out
    assert re.search(r"^prunekit's magnitude pruning: 90\.0 % of the weights removed", out, re.M)
    assert float(rows["dense"]) > 0.9 and float(rows["fine-tuned"]) > 0.9
