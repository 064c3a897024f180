#!/usr/bin/python3
"""PyTorch timings of the shapes in bench_pool.cpp (Debian's python3-torch: /usr/bin/python3).

    /usr/bin/python3 bench/torch_pool.py [--repeat 30]

Prints the median time in ms per shape at 1 and 2 threads: max_pool2d 2x2 stride 2 on a
1920x1080 map with 1 and 16 channels, with return_indices=True (what the engine computes) and
without, and avg_pool2d on 16 channels."""
import argparse
import statistics
import time

import torch
import torch.nn.functional as F

H, W = 1080, 1920


def median_ms(fn, repeat):
    fn()  # warm-up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=30)
    args = ap.parse_args()
    torch.manual_seed(0)
    x1 = torch.rand(1, 1, H, W) * 2 - 1
    x16 = torch.rand(1, 16, H, W) * 2 - 1
    shapes = {
        "max_pool2d 2x2 s2 1ch, indices": lambda: F.max_pool2d(x1, 2, 2, return_indices=True),
        "max_pool2d 2x2 s2 1ch": lambda: F.max_pool2d(x1, 2, 2),
        "max_pool2d 2x2 s2 16ch, indices": lambda: F.max_pool2d(x16, 2, 2, return_indices=True),
        "max_pool2d 2x2 s2 16ch": lambda: F.max_pool2d(x16, 2, 2),
        "avg_pool2d 2x2 s2 16ch": lambda: F.avg_pool2d(x16, 2, 2),
    }
    print(f"torch {torch.__version__}, median of {args.repeat} runs, 1920x1080")
    for name, fn in shapes.items():
        row = []
        for threads in (1, 2):
            torch.set_num_threads(threads)
            row.append(f"{threads} thread{'s' if threads > 1 else ''}: {median_ms(fn, args.repeat):8.2f} ms")
        print(f"{name:34s} " + "   ".join(row))


if __name__ == "__main__":
    main()
