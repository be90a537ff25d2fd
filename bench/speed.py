#!/usr/bin/env python3
"""Fewshot vs the peer (plain PyTorch, same recipe, same ResNet18 weights), side by side on one machine.
Seed protocol: 2 classes, 30 train + 20 valid photos each, 224 px, batch 16, 10 frozen + 10 unfrozen epochs.
usage: bench/speed.py [--runs 3] [--big-runs 1] [--skip-big]"""
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


def inference_rate(model, folder, n_images):
    one = next(p for p in Path(folder).rglob("*") if p.is_file())
    _, t_all, _ = timed(["dotnet", str(CLI), "predict", str(model), str(folder)])
    _, t_one, _ = timed(["dotnet", str(CLI), "predict", str(model), str(one)])
    return (n_images - 1) / max(1e-6, t_all - t_one)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--big-runs", type=int, default=1)
    ap.add_argument("--skip-big", action="store_true")
    a = ap.parse_args()
    build()
    sets = [("small photos: hymenoptera 30/20", subset(DATASETS / "hymenoptera", "hymenoptera-30-20", 30, 20), a.runs)]
    if not a.skip_big:
        sets.append(("large photos: bears black/grizzly 30/20",
                     subset(DATASETS / "bears", "bears-bg-30-20", 30, 20, ["black", "grizzly"]), a.big_runs))
    fp32_peak, bf16_peak = peak_gflops()
    print(f"CPU peak (estimate): {fp32_peak:.0f} GFLOP/s fp32, {bf16_peak:.0f} GFLOP/s bf16; load average {os.getloadavg()[0]:.1f}")
    headline = None
    for title, data, runs in sets:
        rows = {"fewshot": [], "peer": []}
        for r in range(runs):
            for program in ("peer", "fewshot") if r % 2 == 0 else ("fewshot", "peer"):
                if program == "peer":
                    res, wall, rss = peer_train(data)
                    rows["peer"].append((wall, res["accuracy"], rss, res))
                else:
                    model = WORK / "speed.fewshot"
                    res, wall, rss = fewshot_train(data, model)
                    rows["fewshot"].append((wall, res["accuracy"], rss, res))
                print(f"  {title} run {r + 1}: {program:8s} {wall:7.1f} s  accuracy {rows[program][-1][1]:.3f}  peak {rss:6.0f} MiB", flush=True)
        f_wall = statistics.median(w for w, *_ in rows["fewshot"])
        p_wall = statistics.median(w for w, *_ in rows["peer"])
        f_res = rows["fewshot"][-1][3]
        p_res = rows["peer"][-1][3]
        frozen_f = sum(e["seconds"] for e in f_res["epochs"] if e["stage"] == 1)
        frozen_p = sum(p_res["epoch_seconds"][:10])
        f1, f2 = fewshot_rates(f_res, 60, 224)
        p1 = 48 / statistics.median(p_res["epoch_seconds"][:10]); p2 = 48 / statistics.median(p_res["epoch_seconds"][10:])
        infer = inference_rate(WORK / "speed.fewshot", data / "valid", 40)
        print(f"\n{title}")
        print(f"| | Fewshot | peer | ratio |")
        print(f"|---|---|---|---|")
        print(f"| total time (median of {runs}) | {f_wall:.1f} s | {p_wall:.1f} s | {f_wall / p_wall:.2f} |")
        print(f"| frozen stage | {frozen_f:.1f} s | {frozen_p:.1f} s | {frozen_f / frozen_p:.2f} |")
        print(f"| valid accuracy (last run) | {f_res['accuracy']:.3f} ({f_res['validCorrect']}/{f_res['validTotal']}) | {p_res['accuracy']:.3f} | |")
        print(f"| peak memory | {max(r for *_, r, _ in rows['fewshot']):.0f} MiB | {max(r for *_, r, _ in rows['peer']):.0f} MiB | |")
        print(f"| frozen epoch img/s (incl. validation) | {f1:.1f} | {p1:.1f} | |")
        print(f"| unfrozen epoch img/s (incl. validation) | {f2:.1f} ({f2 * 3 * RESNET18_CNTK_GFLOP_224 / bf16_peak:.1%} of bf16 peak) | {p2:.1f} ({p2 * 3 * RESNET18_CNTK_GFLOP_224 / fp32_peak:.1%} of fp32 peak) | |")
        print(f"| inference img/s (predict, with decoding) | {infer:.1f} ({infer * RESNET18_CNTK_GFLOP_224 / bf16_peak:.1%} of bf16 peak) | | |")
        if headline is None:
            headline = f_wall / p_wall
    print(f"\nratio {headline:.2f}")


if __name__ == "__main__":
    main()
