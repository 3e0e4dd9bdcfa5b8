"""The installed Python package, from a moved prefix: says where it was imported from and runs
a small experiment on a bundled dataset (found without PRUNEKIT_DATA) into argv[1]."""
import sys

import prunekit

print("imported from", prunekit.__file__)
config = {"name": "python_consumer", "datasets": ["iris"], "protocol": {"kind": "kfold", "folds": 3},
          "model": [{"kind": "decision_tree"}], "pruners": [{"method": "none"}]}
rows = prunekit.run(config, out=sys.argv[1], figures=False)
print("runs:", len(rows))
