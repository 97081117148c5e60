"""Wall time of the pre-commit hook on seeds/ against the floor `python -c "import great_expectations"`."""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = "expectations/baseline.yaml"
TARGET = 1.3


def wall(cmd: list[str], env: dict[str, str]) -> float:
    """Wall seconds of one run of `cmd` in ROOT, as pre-commit runs hooks: from the repository root."""
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    took = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)} exited {proc.returncode}:\n{proc.stdout}{proc.stderr}")
    return took


def main() -> int:
    """Print the median wall time of the floor and of the hook, and their ratio."""
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("-n", "--runs", type=int, default=7, help="runs of each command (default 7); the median is kept")
    p.add_argument(
        "--python",
        default=sys.executable,
        help="interpreter of the environment the hook is installed in (default: this one), "
        "e.g. the python of pre-commit's environment for the hook",
    )
    args = p.parse_args()
    env = dict(os.environ, GX_ANALYTICS_ENABLED="false")
    seeds = sorted(f.relative_to(ROOT).as_posix() for f in (ROOT / "seeds").iterdir() if f.is_file())
    baseline = ["--baseline", BASELINE] if (ROOT / BASELINE).is_file() else []
    script = Path(args.python).parent / "newsdq-hook"
    # pre-commit runs the console script; an environment without it still has the module.
    entry = [str(script)] if script.is_file() else [args.python, "-m", "validators.hook"]
    commands = {
        "python -c 'import great_expectations'": [args.python, "-c", "import great_expectations"],
        f"{Path(entry[-1]).name} {' '.join(baseline)} seeds/*": [*entry, *baseline, *seeds],
    }
    for cmd in commands.values():  # warm the page cache and the .pyc files
        wall(cmd, env)
    times: dict[str, list[float]] = {name: [] for name in commands}
    # Interleaved, so a burst of load on the machine hits both commands alike.
    for _ in range(args.runs):
        for name, cmd in commands.items():
            times[name].append(wall(cmd, env))
    floor, hook = (statistics.median(t) for t in times.values())
    print(f"{'command':<50} {'median s':>9} {'min s':>7}   ({args.runs} runs, {os.cpu_count()} cpus)")
    for name, t in times.items():
        print(f"{name:<50} {statistics.median(t):>9.3f} {min(t):>7.3f}")
    verdict = "met" if hook / floor <= TARGET else "NOT met"
    print(f"hook / import great_expectations = {hook / floor:.2f} (target <= {TARGET}): {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
