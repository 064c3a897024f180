"""Helpers shared by the fixture generators: tensors to the eval case format."""
import json
import os


def tensor_json(t):
    t = t.detach().float().contiguous()
    return {"shape": list(t.shape), "data": [float(v) for v in t.flatten().tolist()]}


def write_cases(out_dir, file_name, cases):
    with open(os.path.join(out_dir, file_name), "w") as fh:
        json.dump({"generator": "tests/golden/generate.py", "cases": cases}, fh, separators=(",", ":"))
        fh.write("\n")
