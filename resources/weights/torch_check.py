#!/usr/bin/python3
"""Loads a ConvScope weights file (docs/weights-format.md) into the equivalent PyTorch
nn.Sequential and prints its Fashion-MNIST test accuracy — a check, independent of the engine,
that the shipped weights are what they claim to be.

    /usr/bin/python3 resources/weights/torch_check.py resources/weights/lenet_modern.csw
"""
import gzip
import json
import os
import struct
import sys

import numpy as np
import torch
from torch import nn

DATA = "/usr/share/datasets/fashion-mnist"


def read_weights(path):
    raw = open(path, "rb").read()
    if raw[:8] != b"\x89CSW\r\n\x1a\n":
        sys.exit(f"{path} is not a ConvScope weights file")
    header_length = struct.unpack_from("<Q", raw, 12)[0]
    header = json.loads(raw[20:20 + header_length])
    data, offset, state = raw[20 + header_length:-4], 0, {}
    for t in header["parameters"]:
        n = int(np.prod(t["shape"]))
        values = np.frombuffer(data, "<f4", n, offset).reshape(t["shape"]).copy()
        state[t["name"]] = torch.from_numpy(values)
        offset += 4 * n
    return header, state


def sequential(lesson):
    layers, channels, features = [], lesson["input"][0], None
    size = lesson["input"][1:]
    for spec in lesson["layers"]:
        t = spec["type"]
        if t == "conv2d":
            k, s, p = spec["kernel_size"], spec.get("stride", 1), spec.get("padding", 0)
            layers.append(nn.Conv2d(channels, spec["out_channels"], k, s, p,
                                    bias=spec.get("bias", True)))
            channels = spec["out_channels"]
            size = [(v + 2 * p - k) // s + 1 for v in size]
        elif t in ("max_pool2d", "avg_pool2d"):
            k = spec["kernel_size"]
            s, p = spec.get("stride", k), spec.get("padding", 0)
            layers.append((nn.MaxPool2d if t == "max_pool2d" else nn.AvgPool2d)(k, s, p))
            size = [(v + 2 * p - k) // s + 1 for v in size]
        elif t == "flatten":
            layers.append(nn.Flatten())
            features = channels * size[0] * size[1]
        elif t == "linear":
            layers.append(nn.Linear(features, spec["out_features"], bias=spec.get("bias", True)))
            features = spec["out_features"]
        else:
            layers.append({"relu": nn.ReLU, "sigmoid": nn.Sigmoid, "tanh": nn.Tanh}[t]())
    return nn.Sequential(*layers)


def test_set():
    with gzip.open(os.path.join(DATA, "t10k-images-idx3-ubyte.gz")) as fh:
        x = np.frombuffer(fh.read(), np.uint8, offset=16).reshape(-1, 1, 28, 28)
    with gzip.open(os.path.join(DATA, "t10k-labels-idx1-ubyte.gz")) as fh:
        y = np.frombuffer(fh.read(), np.uint8, offset=8)
    return torch.tensor(x.astype(np.float32) / 255.0), torch.tensor(y.astype(np.int64))


def main():
    for path in sys.argv[1:]:
        header, state = read_weights(path)
        net = sequential(header["lesson"])
        net.load_state_dict(state)
        x, y = test_set()
        with torch.no_grad():
            accuracy = (net(x).argmax(1) == y).float().mean().item()
        history = header["progress"].get("history", [])
        engine = history[-1].get("test_accuracy") if history else None
        print(f"{path}: PyTorch test accuracy {accuracy:.4f} (ConvScope reported {engine})")


if __name__ == "__main__":
    main()
