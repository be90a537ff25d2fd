"""Shared helpers for Fewshot's benchmarks: building the CLI, dataset subsets made of symlinks (the shared
photos are never copied), running a command with wall time and peak memory."""
import json, os, re, subprocess, sys, time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("FEWSHOT_SHARED", REPO.parent / "shared"))
DATASETS = SHARED / "datasets"
PEER = SHARED / "bench" / "peer"
WORK = Path(os.environ.get("FEWSHOT_BENCH_WORK", "/tmp/fewshot-bench"))
CLI = Path(os.environ.get("FEWSHOT_CLI", REPO / "src/Fewshot.Cli/bin/Release/net10.0/Fewshot.Cli.dll"))
IMAGE_EXT = {".jpg", ".jpeg", ".png", ".gif", ".bmp", ".webp"}


def build():
    subprocess.run(["dotnet", "build", "-c", "Release", str(REPO / "src/Fewshot.Cli"), "-v", "q", "-nologo"], check=True)


def subset(source, name, train_per_class, valid_per_class, classes=None):
    """DATA/train|valid/<class>/ of symlinks to the first N photos (by file name) of each class."""
    dest = WORK / "data" / name
    valid_src = "valid" if (source / "valid").is_dir() else "val"
    classes = classes or sorted(p.name for p in (source / "train").iterdir() if p.is_dir())
    for split, src_split, n in (("train", "train", train_per_class), ("valid", valid_src, valid_per_class)):
        for c in classes:
            d = dest / split / c
            d.mkdir(parents=True, exist_ok=True)
            files = sorted(f for f in (source / src_split / c).iterdir() if f.suffix.lower() in IMAGE_EXT)
            for f in files[:n] if n else files:
                link = d / f.name
                if not link.exists():
                    link.symlink_to(f)
    return dest


def timed(cmd, env=None):
    """Runs cmd; returns (stdout, wall seconds, peak RSS in MiB)."""
    full = ["/usr/bin/time", "-f", "TIME %e %M"] + cmd
    start = time.time()
    p = subprocess.run(full, capture_output=True, text=True, env=env)
    wall = time.time() - start
    m = re.search(r"TIME ([\d.]+) (\d+)", p.stderr)
    if p.returncode != 0:
        sys.stderr.write(p.stderr[-3000:])
        raise RuntimeError(f"{cmd[:3]} failed with {p.returncode}")
    return p.stdout, wall, int(m.group(2)) / 1024 if m else float("nan")


def fewshot_train(data, out, *extra):
    stdout, wall, rss = timed(["dotnet", str(CLI), "train", str(data), "--json", "--out", str(out), *extra])
    result = json.loads(stdout[stdout.index("{"):])
    return result, wall, rss


def peer_train(data, e1=10, e2=10, seed=0):
    env = dict(os.environ, PYTHONPATH=str(PEER))
    stdout, wall, rss = timed(["/usr/bin/python3", str(PEER / "ref_recipe.py"), str(data), "--e1", str(e1), "--e2", str(e2),
                               "--threads", "2", "--seed", str(seed)], env)
    m = re.search(r"RESULT frozen_error=([\d.]+) final_error=([\d.]+) accuracy=([\d.]+) total_s=([\d.]+)", stdout)
    epochs = [float(t) for t in re.findall(r"^\d+\s+\S+\s+\S+\s+\S+\s+([\d.]+)s$", stdout, re.M)]
    return {"accuracy": float(m.group(3)), "frozen_error": float(m.group(1)), "epoch_seconds": epochs}, wall, rss
