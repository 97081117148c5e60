"""Wall time of the pre-commit hook on seeds/ against the floor `python -c "import great_expectations"`."""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = "expectations/baseline.yaml"
TARGET = 1.3


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one run of `cmd` in ROOT, as pre-commit runs hooks: from the repository root."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    took = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)} exited {proc.returncode}:\n{proc.stdout}{proc.stderr}")
    return took, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


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
        timed(cmd, env)
    walls: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    # Interleaved, so a burst of load on the machine hits both commands alike.
    for _ in range(args.runs):
        for name, cmd in commands.items():
            took, cpu = timed(cmd, env)
            walls[name].append(took)
            cpus[name].append(cpu)
    print(f"{'command':<56} {'wall median s':>13} {'wall min s':>10} {'CPU median s':>12}")
    for name in commands:
        median, fastest, cpu_median = statistics.median(walls[name]), min(walls[name]), statistics.median(cpus[name])
        print(f"{name:<56} {median:>13.3f} {fastest:>10.3f} {cpu_median:>12.3f}")
    floor, hook = commands
    wall_ratio = statistics.median(walls[hook]) / statistics.median(walls[floor])
    cpu_ratio = statistics.median(cpus[hook]) / statistics.median(cpus[floor])
    print(f"{args.runs} runs each, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    verdict = "met" if wall_ratio <= TARGET else "NOT met"
    print(
        f"hook / import great_expectations: {wall_ratio:.2f} wall, {cpu_ratio:.2f} CPU (target <= {TARGET}): {verdict}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
