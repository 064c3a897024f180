#!/usr/bin/python3
"""The playground benchmark's pipeline with PyTorch (Debian's python3-torch), to compare with
bench/bench_pipeline.cpp: resources/pipelines/two_blocks.json, i.e.
[conv 3x3 (8 channels, padding 1) -> ReLU -> max-pool 2x2] x 2 on a 1920x1080 RGB image.

    /usr/bin/python3 bench/torch_pipeline.py [--threads 2] [--repeat 20]

With --check DIR it instead compares the .npy maps that
`convscope-cli run resources/pipelines/two_blocks.json --image IMG --out DIR --npy` wrote with
PyTorch's forward of the same weights (read from DIR/weights_*.npy) and prints the largest
difference per layer.
"""
import argparse
import time

import numpy as np
import torch
import torch.nn.functional as F


def pipeline(x, w1, b1, w2, b2):
    y1 = F.conv2d(x, w1, b1, padding=1)
    y2 = F.relu(y1)
    y3 = F.max_pool2d(y2, 2)
    y4 = F.conv2d(y3, w2, b2, padding=1)
    y5 = F.relu(y4)
    y6 = F.max_pool2d(y5, 2)
    return [y1, y2, y3, y4, y5, y6]


def bench(threads, repeat):
    torch.set_num_threads(threads)
    g = torch.Generator().manual_seed(1)
    x = torch.randint(0, 256, (1, 3, 1080, 1920), generator=g).float() / 255
    w1, b1 = torch.rand(8, 3, 3, 3) - 0.5, torch.rand(8) - 0.5
    w2, b2 = torch.rand(8, 8, 3, 3) - 0.5, torch.rand(8) - 0.5
    with torch.no_grad():
        for _ in range(3):
            pipeline(x, w1, b1, w2, b2)
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            pipeline(x, w1, b1, w2, b2)
            times.append(time.perf_counter() - start)
    times.sort()
    print(f"torch {torch.__version__}, {threads} thread(s), 1920x1080 RGB, two conv blocks: "
          f"median {1000 * times[len(times) // 2]:.1f} ms, best {1000 * times[0]:.1f} ms")


def check(directory):
    import os
    x = torch.from_numpy(np.load(os.path.join(directory, "input.npy")))
    weights = []
    for name in ("layer01_weight", "layer01_bias", "layer04_weight", "layer04_bias"):
        weights.append(torch.from_numpy(np.load(os.path.join(directory, name + ".npy"))))
    with torch.no_grad():
        outs = pipeline(x, *weights)
    worst = 0.0
    for i, y in enumerate(outs):
        path = os.path.join(directory, f"layer{i + 1:02d}.npy")
        ours = torch.from_numpy(np.load(path))
        diff = (ours - y).abs().max().item()
        worst = max(worst, diff)
        print(f"layer {i + 1}: shape {tuple(y.shape)}, max |ConvScope - torch| = {diff:.3g}")
    print("OK" if worst < 1e-4 else "MISMATCH")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--check", metavar="DIR")
    args = parser.parse_args()
    if args.check:
        check(args.check)
    else:
        bench(args.threads, args.repeat)


if __name__ == "__main__":
    main()
