"""prunekit.run: the same experiment, the same results, as `prunekit run`."""
import json
import os
import subprocess

import pytest
from conftest import ROOT

import prunekit

CONFIG = {
    "name": "python_run",
    "datasets": ["iris", "wine"],
    "protocol": {"kind": "kfold", "folds": 3, "stratified": True, "seed": 0},
    "seeds": [0, 1],
    "model": [{"kind": "decision_tree", "label": "tree"},
              {"kind": "mlp", "label": "mlp", "hidden": [8], "epochs": 3, "batch": 16}],
    "pruners": [{"method": "none"},
                {"method": "cost_complexity", "select": "cv_1se", "folds": 5},
                {"method": "magnitude", "sparsity": 0.5}],
}


def cli():
    """The prunekit CLI of the build the module comes from (<build>/apps/prunekit)."""
    build = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(prunekit.__file__))))
    path = os.path.join(build, "apps", "prunekit")
    if not os.path.exists(path):
        pytest.skip("the CLI is not built next to the module")
    return path


def without_timings(value):
    if isinstance(value, dict):
        return {k: without_timings(v) for k, v in value.items() if k != "timing"}
    if isinstance(value, list):
        return [without_timings(v) for v in value]
    return value


def read_results(folder):
    with open(os.path.join(folder, "results.json")) as f:
        results = without_timings(json.load(f))
    with open(os.path.join(folder, "runs.jsonl")) as f:
        runs = sorted((without_timings(json.loads(line)) for line in f), key=lambda r: r["run_id"])
    return results, runs


@pytest.fixture
def data_env(monkeypatch):
    monkeypatch.setenv("PRUNEKIT_DATA", os.path.join(ROOT, "datasets"))


def test_run_gives_the_results_of_the_cli(tmp_path, data_env):
    config = tmp_path / "config.json"
    config.write_text(json.dumps(CONFIG))
    subprocess.run([cli(), "run", str(config), "--jobs", "1", "--out", str(tmp_path / "cli"),
                    "--no-figures"], check=True, capture_output=True)
    rows = prunekit.run(CONFIG, jobs=2, out=tmp_path / "py", figures=False)
    cli_results, cli_runs = read_results(tmp_path / "cli")
    py_results, py_runs = read_results(tmp_path / "py")
    assert py_runs == cli_runs
    cli_results.pop("config"), py_results.pop("config")  # it names the config's file
    assert py_results == cli_results
    # The table holds one row per run, with the record's numbers.
    rows = rows.to_dict("records") if hasattr(rows, "to_dict") else rows
    # Each model meets "none" and the one method of its family.
    assert len(rows) == len(cli_runs) == 2 * 3 * 2 * 4
    by_id = {r["run_id"]: r for r in cli_runs}
    for row in rows:
        record = by_id[row["run_id"]]
        assert row["test_score"] == record["test_score"]
        assert row["model.label"] == record["model"]["label"]
        assert row["split.fold"] == record["split"]["fold"]
        assert row["size_after." + next(iter(record["size_after"]))] == \
            next(iter(record["size_after"].values()))


def test_the_summary_table_and_the_results(tmp_path, data_env):
    config = dict(CONFIG, datasets=["iris"], model=CONFIG["model"][:1], pruners=CONFIG["pruners"][:2])
    summary = prunekit.run(config, out=tmp_path, table="summary", figures=False)
    summary = summary.to_dict("records") if hasattr(summary, "to_dict") else summary
    assert [row["method"] for row in summary] == ["none", "cost_complexity"]
    assert 0.8 < summary[1]["test_score.mean"] <= 1.0
    assert summary[1]["size_after.leaves.mean"] < summary[0]["size_after.leaves.mean"]
    results = prunekit.run(config, out=tmp_path, resume=True, table="results")
    assert len(results["runs"]) == 2 * 3 * 2
    assert (tmp_path / "report.html").exists()


def test_pandas_gives_a_dataframe(tmp_path, data_env):
    pandas = pytest.importorskip("pandas")
    config = dict(CONFIG, datasets=["iris"], model=CONFIG["model"][:1], pruners=CONFIG["pruners"][:1])
    rows = prunekit.run(config, out=tmp_path, figures=False)
    assert isinstance(rows, pandas.DataFrame)
    assert len(rows) == 6 and rows["test_score"].between(0, 1).all()


def test_bad_configs_are_errors_naming_the_json_path(tmp_path, data_env):
    with pytest.raises(prunekit.ConfigError, match=r"<config dict>: /pruners/0/sparsity"):
        prunekit.run(dict(CONFIG, pruners=[{"method": "magnitude", "sparsity": 2}]), out=tmp_path)
    bad = tmp_path / "bad.json"
    bad.write_text('{"name": "x",\n "datasets": [}')
    with pytest.raises(prunekit.DataError, match="bad.json"):
        prunekit.run(bad, out=tmp_path / "out")
    assert not (tmp_path / "out").exists()
    with pytest.raises(ValueError, match="table"):
        prunekit.run(CONFIG, table="everything")
    with pytest.raises(ValueError, match="jobs"):
        prunekit.run(CONFIG, jobs=0)


def test_train_and_prune_give_the_trees_of_the_cli(tmp_path, data_env, breast_cancer):
    """The same data, parameters and seed: the CLI's `train` and `prune` write the trees the
    estimator and prune() make (node arrays compared exactly)."""
    X, y = breast_cancer
    model, pruned_file = tmp_path / "model.json", tmp_path / "pruned.json"
    subprocess.run([cli(), "train", "--dataset", "breast_cancer", "--model", "tree", "--set",
                    "max_depth=6", "--seed", "3", "--save", str(model)],
                   check=True, capture_output=True)
    subprocess.run([cli(), "prune", str(model), "--method", "cost_complexity", "--select",
                    "cv_1se", "--dataset", "breast_cancer", "--seed", "5", "--save",
                    str(pruned_file)], check=True, capture_output=True)
    grown = prunekit.DecisionTreeClassifier(max_depth=6, random_state=3).fit(X, y)
    pruned, _ = prunekit.prune(grown, "cost_complexity", select="cv_1se", X=X, y=y, seed=5)
    for estimator, path in ((grown, model), (pruned, pruned_file)):
        with open(path) as f:
            cli_tree = json.load(f)["tree"]["nodes"]
        assert json.loads(estimator.to_json())["tree"]["nodes"] == cli_tree
