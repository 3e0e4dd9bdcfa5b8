"""prunekit.run: an experiment config run as `prunekit run` runs it, its results as a table."""
from . import _prunekit

# Members of a run record that are not one number or name per run (the path, the selection
# trace, histograms, the method's details): left out of the runs table, kept in table="results".
_NESTED_RUN_MEMBERS = ("path", "selection", "details", "weight_histogram",
                       "layer_weight_histograms", "pruner")


def _flatten(record, prefix="", out=None):
    """{"a": {"b": 1}} as {"a.b": 1}; lists and scalars stay as they are."""
    out = {} if out is None else out
    for key, value in record.items():
        name = prefix + key
        if isinstance(value, dict) and value:
            _flatten(value, name + ".", out)
        elif not isinstance(value, dict):
            out[name] = value
    return out


def _table(rows):
    try:
        import pandas
    except ImportError:
        return rows
    return pandas.DataFrame(rows)


def run(config, jobs=1, out=None, resume=False, force=False, figures=True, progress=False,
        table="runs"):
    """Runs an experiment config (a path, or a dict in the config file's format: docs/config.md)
    and returns its results.

    Everything `prunekit run CONFIG --jobs JOBS [--out OUT] [--resume] [--force]
    [--no-figures]` does happens: runs.jsonl, results.json, summary.csv and report.html are
    written into the config's "output" folder (or `out`), and the same seeds give the same
    results whatever `jobs`. The GIL is released while it runs; Ctrl-C stops it between fit
    groups (finished runs stay saved; `resume=True` continues) and raises KeyboardInterrupt.

    table: "runs" (one row per run: dataset, model, pruner, seed, split, scores, gap, sizes
    before and after, knob, timings), "summary" (one row per dataset, model and pruner entry:
    means and sds, paired tests against the baseline) or "results" (the dict results.json
    holds). Rows are a pandas DataFrame when pandas is installed, a list of dicts otherwise;
    nested members are flattened with dots ("size_after.leaves", "test_score.mean").
    """
    if table not in ("runs", "summary", "results"):
        raise ValueError("table must be 'runs', 'summary' or 'results', got %r" % (table,))
    answer = _prunekit._run(config, jobs=jobs, out="" if out is None else str(out), resume=resume,
                            force=force, figures=figures, progress=progress)
    results = answer["results"]
    if table == "results":
        return results
    if table == "summary":
        return _table([_flatten(row) for row in results["summary"]])
    rows = []
    for record in results["runs"]:
        rows.append(_flatten({k: v for k, v in record.items() if k not in _NESTED_RUN_MEMBERS}))
    return _table(rows)
