"""Where the peers' scripts and figures live: the shared folder beside the project root
(`../shared` from the repository), or $PRUNEKIT_SHARED when set."""

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def shared_dir() -> Path:
    return Path(os.environ.get("PRUNEKIT_SHARED", REPO.parent / "shared"))


def peer_script(name: str) -> str:
    """A peer script under shared/peers/scripts, e.g. peer_script("torch_mlp.py")."""
    return str(shared_dir() / "peers" / "scripts" / name)


def relative(path) -> str:
    """A path as recorded in results: relative to the repository when inside or beside it."""
    p = Path(path).resolve()
    for base, prefix in ((REPO, ""), (REPO.parent, "../")):
        try:
            return prefix + str(p.relative_to(base))
        except ValueError:
            pass
    return p.name
