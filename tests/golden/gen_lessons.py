"""The outputs of the shipped step-by-step lessons (resources/lessons/*.json whose input is a
matrix), computed by PyTorch (float32). Run with /usr/bin/python3 from this folder:

    /usr/bin/python3 gen_lessons.py

Writes lessons.json: one case per lesson, {"name": file name without .json, "expected": the
output}. The GUI tests check that each lesson shows exactly these numbers, so a lesson's
example can change only together with this fixture.
"""
import glob
import json
import os

import torch
import torch.nn.functional as F

from common import tensor_json, write_cases
from gen_conv import FUNCS

HERE = os.path.dirname(os.path.abspath(__file__))
LESSONS = os.path.join(HERE, "..", "..", "resources", "lessons")


def tensor(j):
    return None if j is None else torch.tensor(j["data"], dtype=torch.float32).reshape(j["shape"])


def pool(op, x, p):
    kernel = p["kernel_size"]
    stride = p.get("stride") or kernel
    if op == "max_pool2d":
        return F.max_pool2d(x, kernel, stride, p.get("padding", 0), p.get("dilation", 1),
                            p.get("ceil_mode", False))
    if op == "avg_pool2d":
        return F.avg_pool2d(x, kernel, stride, p.get("padding", 0), p.get("ceil_mode", False),
                            p.get("count_include_pad", True), p.get("divisor_override"))
    return F.lp_pool2d(x, p["norm_type"], kernel, stride, p.get("ceil_mode", False))


def main():
    torch.set_num_threads(1)
    cases = []
    for path in sorted(glob.glob(os.path.join(LESSONS, "*.json"))):
        with open(path) as fh:
            lesson = json.load(fh)
        if lesson.get("format") != "convscope-lesson" or not isinstance(lesson.get("input"), dict) \
                or "data" not in lesson["input"]:
            continue  # training lessons, pipelines, photo lessons
        op, params = lesson["op"], dict(lesson.get("params", {}))
        x = tensor(lesson["input"])
        if op in FUNCS:
            out = FUNCS[op](x, tensor(lesson.get("weight")), tensor(lesson.get("bias")), **params)
        elif op.endswith("pool2d"):
            out = pool(op, x, params)
        else:
            continue
        name = os.path.splitext(os.path.basename(path))[0]
        cases.append({"name": name, "expected": tensor_json(out)})
    write_cases(HERE, "lessons.json", cases)
    print(f"lessons.json: {len(cases)} lessons")


if __name__ == "__main__":
    main()
