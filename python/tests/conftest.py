"""Shared fixtures: the bundled datasets read with numpy (target column from the sidecar)."""
import csv
import json
import os

import numpy as np
import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def load(name):
    """X (float64) and y (labels as str, or float targets) of datasets/<name>.csv."""
    with open(os.path.join(ROOT, "datasets", name + ".json")) as f:
        side = json.load(f)
    with open(os.path.join(ROOT, "datasets", name + ".csv")) as f:
        rows = list(csv.reader(f))
    header, rows = rows[0], rows[1:]
    target = header.index(side["target"])
    X = np.array([[float(v) for i, v in enumerate(r) if i != target] for r in rows])
    y = np.array([r[target] for r in rows])
    if side["task"] == "regression":
        y = y.astype(np.float64)
    return X, y


@pytest.fixture(scope="session")
def iris():
    return load("iris")


@pytest.fixture(scope="session")
def breast_cancer():
    return load("breast_cancer")


@pytest.fixture(scope="session")
def diabetes():
    return load("diabetes_regression")
