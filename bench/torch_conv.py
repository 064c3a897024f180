#!/usr/bin/python3
"""PyTorch timings of the shapes in bench_conv.cpp (Debian's python3-torch: /usr/bin/python3).

    /usr/bin/python3 bench/torch_conv.py [--repeat 20]

Prints the median time in ms per shape at 1 and 2 threads."""
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
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    torch.manual_seed(0)
    x1, k1 = torch.rand(1, 1, H, W) * 2 - 1, torch.rand(1, 1, 3, 3) * 2 - 1
    x3, k3, b3 = torch.rand(1, 3, H, W) * 2 - 1, torch.rand(16, 3, 3, 3) * 2 - 1, torch.rand(16)
    xt, kt = torch.rand(1, 16, H // 2, W // 2) * 2 - 1, torch.rand(16, 8, 3, 3) * 2 - 1
    shapes = {
        "conv2d 1ch 3x3 1920x1080": lambda: F.conv2d(x1, k1, padding=1),
        "conv2d 3->16 3x3 1920x1080": lambda: F.conv2d(x3, k3, b3, padding=1),
        "conv_transpose2d 16->8 s2 960x540->1920x1080":
            lambda: F.conv_transpose2d(xt, kt, stride=2, padding=1, output_padding=1),
    }
    with torch.no_grad():
        for name, fn in shapes.items():
            for threads in (1, 2):
                torch.set_num_threads(threads)
                print(f"{name:48s} threads={threads}: {median_ms(fn, args.repeat):8.2f} ms")


if __name__ == "__main__":
    main()
