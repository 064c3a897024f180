#!/usr/bin/python3
"""Writes the golden fixtures of tests/golden/*.json with PyTorch (Debian's python3-torch, run
as /usr/bin/python3 tests/golden/generate.py). The JSON files are committed; the test suite reads
them and never needs torch. Each op family has its own module gen_<family>.py with a
`generate(out_dir)` function."""
import importlib
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

FAMILIES = ["gen_conv", "gen_pool", "gen_train", "gen_modern", "gen_graph"]

if __name__ == "__main__":
    import torch

    torch.set_num_threads(1)
    for name in FAMILIES:
        if os.path.exists(os.path.join(HERE, name + ".py")):
            importlib.import_module(name).generate(HERE)
