#!/usr/bin/env python3
"""Fewshot vs the peer (plain PyTorch, same recipe, same ResNet18 weights), side by side on one machine.
Seed protocol: 2 classes, 30 train + 20 valid photos each, 224 px, batch 16, 10 frozen + 10 unfrozen epochs; run r uses
seed r in both programs, so accuracy is compared over as many seeds as runs. Each program runs its default recipe.
usage: bench/speed.py [--runs 3] [--big-runs 1] [--skip-big]
       bench/speed.py --backbone ID[,ID…] [--weights DIR] [--runs 1]: Fewshot alone, per body, on the small set: frozen-stage and
       unfrozen-epoch images/s (speed does not depend on the weights' values: DIR may hold tests/torchvision/fixtures.py's
       random ARCH.pth files where the official weights cannot be downloaded)"""
import argparse, json, os, statistics, subprocess, sys, time
from pathlib import Path
sys.path.insert(0, str(Path(__file__).parent))
from common import *

RESNET18_CNTK_GFLOP_224 = 4.1  # forward, multiply-adds counted as 2: torchvision's 3.6 plus the extra 512-channel block


def peak_gflops():
    flags = open("/proc/cpuinfo").read()
    mhz = max(float(l.split(":")[1]) for l in flags.splitlines() if l.startswith("cpu MHz"))
    cores = os.cpu_count()
    fp32_per_cycle = 32 if "avx512f" in flags else 16  # two FMA pipes of 8 (AVX2) or one of 16 (AVX-512) fp32 lanes
    bf16 = "avx512_bf16" in flags or "amx_bf16" in flags
    return cores * mhz / 1000 * fp32_per_cycle, cores * mhz / 1000 * fp32_per_cycle * (2 if bf16 else 1)


def fewshot_rates(result, train_images, size):
    stage1 = [e for e in result["epochs"] if e["stage"] == 1]
    stage2 = [e for e in result["epochs"] if e["stage"] == 2]
    used = train_images // 16 * 16
    return used / statistics.median(e["seconds"] for e in stage1), used / statistics.median(e["seconds"] for e in stage2)


def inference_rate(model, folder, n_images, *extra):
    one = next(p for p in Path(folder).rglob("*") if p.is_file())
    _, t_all, _ = timed(["dotnet", str(CLI), "predict", str(model), str(folder), *extra])
    _, t_one, _ = timed(["dotnet", str(CLI), "predict", str(model), str(one), *extra])
    return (n_images - 1) / max(1e-6, t_all - t_one)


ARCHITECTURE = {"resnet18_tv": "resnet18"}


def bodies(a):
    """Frozen-stage (cached features, incl. computing them) and unfrozen-epoch images/s of each body, seed protocol, 224 px."""
    data = subset(DATASETS / "hymenoptera", "hymenoptera-30-20", 30, 20)
    print("| body | frozen stage s (10 epochs, incl. features) | frozen img/s | unfrozen epoch img/s (incl. validation) | valid |")
    print("|---|---|---|---|---|")
    for body in a.backbone.split(","):
        extra = ["--backbone", body]
        if a.weights and body != "resnet18":
            extra += ["--weights", str(Path(a.weights) / (ARCHITECTURE.get(body, body) + ".pth"))]
        for r in range(a.runs):
            res, wall, rss = fewshot_train(data, WORK / f"speed-{body}.fewshot", "--seed", str(r), *extra)
            frozen = sum(e["seconds"] for e in res["epochs"] if e["stage"] == 1)
            f1, f2 = fewshot_rates(res, 60, 224)
            print(f"| {body} | {frozen:.1f} | {f1:.1f} | {f2:.1f} | {res['validCorrect']}/40 |", flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--big-runs", type=int, default=1)
    ap.add_argument("--skip-big", action="store_true")
    ap.add_argument("--backbone")
    ap.add_argument("--weights")
    a = ap.parse_args()
    if os.environ.get("FEWSHOT_CLI") is None:
        build()
    if a.backbone:
        return bodies(a)
    sets = [("small photos: hymenoptera 30/20", subset(DATASETS / "hymenoptera", "hymenoptera-30-20", 30, 20), a.runs)]
    if not a.skip_big:
        sets.append(("large photos: bears black/grizzly 30/20",
                     subset(DATASETS / "bears", "bears-bg-30-20", 30, 20, ["black", "grizzly"]), a.big_runs))
    fp32_peak, bf16_peak = peak_gflops()
    print(f"CPU peak (estimate): {fp32_peak:.0f} GFLOP/s fp32, {bf16_peak:.0f} GFLOP/s bf16; load average {os.getloadavg()[0]:.1f}")
    headline = None
    for title, data, runs in sets:
        rows = {"fewshot": [], "peer": []}
        n_valid = sum(1 for p in (data / "valid").rglob("*") if p.is_file())
        for r in range(runs):
            for program in ("peer", "fewshot") if r % 2 == 0 else ("fewshot", "peer"):
                if program == "peer":
                    res, wall, rss = peer_train(data, seed=r)
                    correct = round(res["accuracy"] * n_valid)
                    frozen = sum(res["epoch_seconds"][:10])
                else:
                    res, wall, rss = fewshot_train(data, WORK / "speed.fewshot", "--seed", str(r))
                    correct = res["validCorrect"]
                    frozen = sum(e["seconds"] for e in res["epochs"] if e["stage"] == 1)
                rows[program].append({"wall": wall, "correct": correct, "rss": rss, "frozen": frozen, "res": res})
                print(f"  {title} run {r + 1} (seed {r}): {program:8s} {wall:7.1f} s  valid {correct}/{n_valid}  peak {rss:6.0f} MiB",
                      flush=True)
        med = lambda program, key: statistics.median(row[key] for row in rows[program])
        f_wall, p_wall = med("fewshot", "wall"), med("peer", "wall")
        frozen_f, frozen_p = med("fewshot", "frozen"), med("peer", "frozen")
        f_correct = statistics.mean(row["correct"] for row in rows["fewshot"])
        p_correct = statistics.mean(row["correct"] for row in rows["peer"])
        f_res, p_res = rows["fewshot"][-1]["res"], rows["peer"][-1]["res"]
        f1, f2 = fewshot_rates(f_res, 60, 224)
        p1 = 48 / statistics.median(p_res["epoch_seconds"][:10]); p2 = 48 / statistics.median(p_res["epoch_seconds"][10:])
        infer = inference_rate(WORK / "speed.fewshot", data / "valid", n_valid)
        infer32 = inference_rate(WORK / "speed.fewshot", data / "valid", n_valid, "--precision", "fp32")
        print(f"\n{title}")
        print(f"| | Fewshot | peer | ratio |")
        print(f"|---|---|---|---|")
        print(f"| total time (median of {runs}) | {f_wall:.1f} s | {p_wall:.1f} s | {f_wall / p_wall:.2f} |")
        print(f"| frozen stage (median) | {frozen_f:.1f} s | {frozen_p:.1f} s | {frozen_f / frozen_p:.2f} |")
        print(f"| valid accuracy (mean of seeds 0–{runs - 1}) | {f_correct:.1f}/{n_valid} | {p_correct:.1f}/{n_valid} | "
              f"{f_correct - p_correct:+.1f} photos |")
        print(f"| peak memory (max) | {max(r['rss'] for r in rows['fewshot']):.0f} MiB | {max(r['rss'] for r in rows['peer']):.0f} MiB | |")
        print(f"| frozen epoch img/s (incl. validation; Fewshot: head on cached features) | {f1:.1f} | {p1:.1f} | |")
        print(f"| unfrozen epoch img/s (incl. validation) | {f2:.1f} ({f2 * 3 * RESNET18_CNTK_GFLOP_224 / bf16_peak:.1%} of bf16 peak) | {p2:.1f} ({p2 * 3 * RESNET18_CNTK_GFLOP_224 / fp32_peak:.1%} of fp32 peak) | |")
        print(f"| inference img/s (predict, with decoding), bf16 | {infer:.1f} ({infer * RESNET18_CNTK_GFLOP_224 / bf16_peak:.1%} of bf16 peak) | | |")
        print(f"| inference img/s (predict, with decoding), fp32 | {infer32:.1f} ({infer32 * RESNET18_CNTK_GFLOP_224 / fp32_peak:.1%} of fp32 peak) | | |")
        if headline is None:
            headline = f_wall / p_wall
    print(f"\nratio {headline:.2f}")


if __name__ == "__main__":
    main()
