#!/usr/bin/python3
"""Training speed of the modern LeNet (resources/lessons/lenet_modern.json) in PyTorch, for
comparison with bench/bench_train.cpp: Debian's python3-torch on the same machine, 2 threads,
batch 256, Adam, the same layer stack. Like the C++ benchmark it trains on Fashion-MNIST
batches already in memory (the data are converted once, outside the timing) and reports
examples per second of complete training steps (forward, loss, backward, optimiser step).

    /usr/bin/python3 bench/torch_lenet.py [--threads 2] [--batch 256] [--steps 60]
"""
import argparse
import gzip
import json
import os
import time

import numpy as np
import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = "/usr/share/datasets/fashion-mnist"


def load_images(limit):
    """The first `limit` training images and labels, pixel / 255 as torchvision's ToTensor."""
    with gzip.open(os.path.join(DATA, "train-images-idx3-ubyte.gz")) as fh:
        raw = fh.read()
    with gzip.open(os.path.join(DATA, "train-labels-idx1-ubyte.gz")) as fh:
        labels = fh.read()
    x = np.frombuffer(raw, np.uint8, offset=16).reshape(-1, 1, 28, 28)[:limit]
    y = np.frombuffer(labels, np.uint8, offset=8)[:limit]
    return torch.tensor(x.astype(np.float32) / 255.0), torch.tensor(y.astype(np.int64))


def lenet_from_lesson(path):
    """nn.Sequential from the lesson file's layer list (the layer types the lessons use)."""
    with open(path) as fh:
        lesson = json.load(fh)
    layers, channels, size = [], lesson["input"][0], lesson["input"][1:]
    features = None
    for spec in lesson["layers"]:
        t = spec["type"]
        if t == "conv2d":
            k, p = spec["kernel_size"], spec.get("padding", 0)
            layers.append(nn.Conv2d(channels, spec["out_channels"], k, padding=p))
            channels = spec["out_channels"]
            size = [s + 2 * p - k + 1 for s in size]
        elif t in ("max_pool2d", "avg_pool2d"):
            k = spec["kernel_size"]
            s = spec.get("stride", k)
            layers.append((nn.MaxPool2d if t == "max_pool2d" else nn.AvgPool2d)(k, s))
            size = [(v - k) // s + 1 for v in size]
        elif t == "flatten":
            layers.append(nn.Flatten())
            features = channels * size[0] * size[1]
        elif t == "linear":
            layers.append(nn.Linear(features, spec["out_features"]))
            features = spec["out_features"]
        else:
            layers.append({"relu": nn.ReLU, "sigmoid": nn.Sigmoid, "tanh": nn.Tanh}[t]())
    return nn.Sequential(*layers), lesson


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--steps", type=int, default=60, help="timed steps per repetition")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--lesson", default=os.path.join(HERE, "..", "resources", "lessons",
                                                         "lenet_modern.json"))
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    net, lesson = lenet_from_lesson(args.lesson)
    opt_cfg = lesson["optimizer"]
    if opt_cfg["type"] == "adam":
        opt = torch.optim.Adam(net.parameters(), lr=opt_cfg["lr"])
    else:
        opt = torch.optim.SGD(net.parameters(), lr=opt_cfg["lr"])
    x, y = load_images(args.batch * args.steps)
    loss_fn = nn.CrossEntropyLoss()

    def step(i):
        xb = x[i * args.batch:(i + 1) * args.batch]
        yb = y[i * args.batch:(i + 1) * args.batch]
        opt.zero_grad()
        loss = loss_fn(net(xb), yb)
        loss.backward()
        opt.step()

    for i in range(5):  # warm-up
        step(i)
    rates = []
    for _ in range(args.repeats):
        start = time.perf_counter()
        for i in range(args.steps):
            step(i)
        rates.append(args.batch * args.steps / (time.perf_counter() - start))
    rates.sort()
    print(f"PyTorch {torch.__version__}, {args.threads} threads, batch {args.batch}, "
          f"{lesson['name']}: median {rates[len(rates) // 2]:.0f} examples/s "
          f"(best {rates[-1]:.0f}, worst {rates[0]:.0f})")


if __name__ == "__main__":
    main()
