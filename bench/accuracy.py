#!/usr/bin/env python3
"""Fewshot's default recipe on the shared datasets; prints valid accuracy with its interval.
usage: bench/accuracy.py [bears hymenoptera ...] [-- extra fewshot train options]"""
import sys
from pathlib import Path
sys.path.insert(0, str(Path(__file__).parent))
from common import *

TARGETS = {"bears": 0.965, "hymenoptera": 0.94}


def main():
    args = sys.argv[1:]
    extra = args[args.index("--") + 1:] if "--" in args else []
    names = [a for a in (args[:args.index("--")] if "--" in args else args)] or list(TARGETS)
    build()
    for name in names:
        res, wall, rss = fewshot_train(DATASETS / name, WORK / f"{name}.fewshot", *extra)
        target = TARGETS.get(name)
        verdict = "" if target is None else ("  ok" if res["accuracy"] >= target else f"  BELOW target {target:.1%}")
        print(f"{name:14s} {res['validCorrect']}/{res['validTotal']} = {res['accuracy']:.1%} "
              f"(95% CI {res['accuracyLow95']:.1%}–{res['accuracyHigh95']:.1%})  {wall:.0f} s  {rss:.0f} MiB{verdict}", flush=True)


if __name__ == "__main__":
    main()
