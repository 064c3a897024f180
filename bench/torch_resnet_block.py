#!/usr/bin/python3
"""Training speed of one ResNet basic block in PyTorch, for comparison with
bench/bench_graph.cpp: Debian's python3-torch on the same machine and threads. Two 3×3
convolutions (64 channels, no bias) with batch norm, the identity shortcut added back, on a
batch of 8 images of 56×56; one step = forward in training mode, backward of Σ output·g, SGD
update (momentum 0.9). Prints milliseconds per step (median) and per evaluation forward pass.

    /usr/bin/python3 bench/torch_resnet_block.py [--threads 2] [--steps 30]
"""
import argparse
import statistics
import time

import torch
from torch import nn


class BasicBlock(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.conv1 = nn.Conv2d(channels, channels, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(channels)
        self.conv2 = nn.Conv2d(channels, channels, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(channels)

    def forward(self, x):
        y = torch.relu(self.bn1(self.conv1(x)))
        return torch.relu(self.bn2(self.conv2(y)) + x)


def timed(fn, steps):
    fn()  # warm-up
    times = []
    for _ in range(steps):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000.0)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--steps", type=int, default=30)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    block = BasicBlock(64)
    x = torch.rand(8, 64, 56, 56) * 2 - 1
    g = torch.rand(8, 64, 56, 56) * 2 - 1
    optimizer = torch.optim.SGD(block.parameters(), lr=0.01, momentum=0.9)

    def train_step():
        block.train()
        optimizer.zero_grad()
        (block(x) * g).sum().backward()
        optimizer.step()

    def eval_forward():
        block.eval()
        with torch.no_grad():
            block(x)

    print(f"torch {torch.__version__}, {args.threads} threads")
    print(f"resnet_block_train_step   {timed(train_step, args.steps):8.1f} ms")
    print(f"resnet_block_forward_eval {timed(eval_forward, args.steps):8.1f} ms")


if __name__ == "__main__":
    main()
