#!/usr/bin/python3
"""Four torchvision classifiers exported to ONNX and run by ConvScope, PyTorch and OpenCV DNN:
whether each opens, whether it agrees with PyTorch, and how long resnet18 takes (issue 19).
Run with /usr/bin/python3 (Debian's python3-torch, python3-torchvision, python3-onnx,
python3-opencv):

    /usr/bin/python3 bench/torchvision_onnx.py OUT_DIR [--cli build/app/cli/convscope-cli]
        [--threads 2] [--runs 20] [--models resnet18 googlenet ...] [--random-biases]

For each model: torchvision's architecture with random weights (seeded; see "Weights" below) in
eval mode, exported with torch.onnx.export at opset 11 to OUT_DIR/<model>.onnx; one seeded input
OUT_DIR/input.npy (1, 3, 224, 224), values drawn from N(0, 1) like an ImageNet-normalised photo.
Then:
  - `convscope-cli model run` writes OUT_DIR/<model>/output.npy, compared with PyTorch's output;
  - cv2.dnn.readNetFromONNX opens the file (or says why not), and its output is compared too;
  - with --runs N: the median of N timed forward passes of each (ConvScope by `--repeat N`,
    which times graph.run inside the CLI; PyTorch under torch.no_grad(); cv2.dnn net.forward),
    all at --threads threads.

"Agrees" means max |a − b| ≤ 1e-4 · max |b|, b being PyTorch's output: the rounding error of a
float32 network grows with the size of its values, so it is measured against the largest one
(an element-wise relative bound would fail on a logit that happens to be near zero). No floor:
with torchvision's initialisation some outputs are small (googlenet's and mobilenet_v2's
largest is about 0.1), and an absolute floor would let any answer of that size pass.

Weights: torchvision's own initialisation, seeded, plus random batch norm statistics and shifts
(so that batch norm, folded into the convolutions by the exporter, is not the identity). That leaves
many biases zero, and torch.onnx.export stores equal initialisers once and writes an Identity
node for each copy (squeezenet1_1). --random-biases draws every bias at random instead, as
trained weights would be, so that no two are equal.

bench/bench_onnx.cpp times the same resnet18 file with Google Benchmark: point
CONVSCOPE_RESNET18_ONNX at OUT_DIR/resnet18.onnx (printed at the end).
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time

os.environ.setdefault("OPENCV_LOG_LEVEL", "SILENT")  # cv2.error says why a file is refused

import cv2  # noqa: E402
import numpy as np  # noqa: E402
import onnx  # noqa: E402
import torch  # noqa: E402
import torchvision  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CLI = os.path.join(HERE, "..", "build", "app", "cli", "convscope-cli")
MODELS = ["resnet18", "googlenet", "squeezenet1_1", "mobilenet_v2"]
RTOL = 1e-4


def make_model(name, seed, random_biases):
    torch.manual_seed(seed)
    if name == "googlenet":
        model = torchvision.models.googlenet(weights=None, aux_logits=False, init_weights=True)
    else:
        model = getattr(torchvision.models, name)(weights=None)
    for m in model.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            m.running_mean.uniform_(-0.1, 0.1)
            m.running_var.uniform_(0.5, 1.5)
            m.bias.data.uniform_(-0.1, 0.1)
        if random_biases and isinstance(m, (torch.nn.Conv2d, torch.nn.Linear)) \
                and m.bias is not None:
            m.bias.data.uniform_(-0.1, 0.1)
    return model.eval()


def compare(got, want):
    """(max |got − want|, that divided by max |want|, agrees?)"""
    if got.shape != want.shape:  # also: nothing to compare (got is empty)
        return None, None, False
    diff = float(np.max(np.abs(got.astype(np.float64) - want.astype(np.float64))))
    rel = diff / max(float(np.max(np.abs(want))), np.finfo(np.float32).tiny)
    return diff, rel, rel <= RTOL


def median_ms(fn, runs):
    fn()  # warm-up: first-run allocations and layer set-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000.0)
    return statistics.median(times)


def run_convscope(cli, path, input_path, out_dir, threads, runs):
    cmd = [cli, "model", "run", path, "--input", input_path, "--out", out_dir,
           "--threads", str(threads)]
    if runs:
        cmd += ["--repeat", str(runs)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        message = (proc.stderr.strip() or proc.stdout.strip()).splitlines()
        return None, None, " / ".join(message[-3:]) or f"exit {proc.returncode}"
    timing = None
    for line in proc.stderr.splitlines():
        line = line.strip()
        if line.startswith("{") and "median_ms" in line:
            timing = json.loads(line)["median_ms"]
    return np.load(os.path.join(out_dir, "output.npy")), timing, ""


def convscope_problems(cli, path):
    """The nodes the importer could not take, as `model info --json` lists them."""
    proc = subprocess.run([cli, "model", "info", path, "--json"], capture_output=True, text=True)
    try:
        problems = json.loads(proc.stdout).get("problems", [])
    except json.JSONDecodeError:
        problems = [(proc.stderr.strip() or proc.stdout.strip())[:300]]
    # A node that cannot be imported leaves out every node after it that reads its value.
    causes = [p for p in problems if "could not give" not in p and "model's output" not in p]
    if len(problems) > 1 and causes:
        return [f"{causes[0]} ({len(causes)} such nodes; {len(problems) - len(causes)} "
                "more left out after them)"]
    return problems


def opencv_reason(error):
    """The node and the check that failed, from cv2.error's multi-line message."""
    text = str(error)
    node = re.search(r"Node \[([^\]]+)\]", text)
    expected = re.search(r"\(expected: '([^']+)'\)", text)
    assertion = re.search(r"Assertion failed\) (.+?) in function '([^']+)'", text)
    if expected:
        why = f"expected {expected.group(1)}"
    elif assertion:
        why = f"{assertion.group(1)} is false in {assertion.group(2)}"
    else:
        why = text.strip().splitlines()[0][:200]
    return f"{node.group(1)}: {why}" if node else why


def run_opencv(path, x, threads, runs):
    cv2.setNumThreads(threads)
    try:
        net = cv2.dnn.readNetFromONNX(path)
        net.setPreferableBackend(cv2.dnn.DNN_BACKEND_OPENCV)
        net.setPreferableTarget(cv2.dnn.DNN_TARGET_CPU)
        net.setInput(x)
        out = net.forward()
    except cv2.error as e:
        return None, None, opencv_reason(e)

    def forward():
        net.setInput(x)
        net.forward()

    return out, (median_ms(forward, runs) if runs else None), ""


def fmt(v, spec):
    return "–" if v is None else format(v, spec)


def check_model(name, seed, args, x, input_path, cli):
    """Exports one model, runs it three ways and returns the row of the table."""
    model = make_model(name, seed, args.random_biases)
    path = os.path.join(args.out_dir, name + ".onnx")
    with torch.no_grad():
        want = model(torch.from_numpy(x)).numpy()
        torch.onnx.export(model, torch.from_numpy(x), path, opset_version=11,
                          input_names=["image"], output_names=["scores"],
                          do_constant_folding=True)
    proto = onnx.load(path)
    onnx.checker.check_model(proto)

    def torch_forward():
        with torch.no_grad():
            model(torch.from_numpy(x))

    row = {"model": name, "onnx_ops": sorted({n.op_type for n in proto.graph.node}),
           "onnx_nodes": len(proto.graph.node), "max_abs_output": float(np.max(np.abs(want))),
           "torch_ms": median_ms(torch_forward, args.runs) if args.runs else None}

    got, row["convscope_ms"], error = run_convscope(cli, path, input_path,
                                                    os.path.join(args.out_dir, name),
                                                    args.threads, args.runs)
    if got is None:
        problems = convscope_problems(cli, path)
        error = "; ".join(problems) if problems else error
        got = np.zeros(0)
    row["convscope_error"] = error
    row["convscope_max_abs"], row["convscope_rel"], row["convscope_ok"] = compare(got, want)

    got, row["opencv_ms"], row["opencv_error"] = run_opencv(path, x, args.threads, args.runs)
    row["opencv_opens"] = got is not None
    row["opencv_max_abs"], row["opencv_rel"], row["opencv_ok"] = compare(
        np.zeros(0) if got is None else got, want)
    return row


def verdict(ok, max_abs, rel, error=""):
    if max_abs is None:
        return f"FAIL: {error}" if error else "–"
    return f"{'pass' if ok else 'FAIL'} ({max_abs:.2e} / {rel:.2e})"


def print_table(rows, args):
    print(f"\nbatch 1 x 3 x 224 x 224, {args.threads} threads, medians of {args.runs} runs; "
          f"agreement: max|a - torch| <= {RTOL:g} * max|torch|"
          f"{'; random biases' if args.random_biases else ''}\n")
    print("| model | max abs of torch's output | ConvScope vs PyTorch (max abs / relative) | "
          "OpenCV DNN opens | OpenCV vs PyTorch | ConvScope ms | OpenCV ms | PyTorch ms |")
    print("|---|---:|---|---|---|---:|---:|---:|")
    for r in rows:
        cells = [r["model"], f"{r['max_abs_output']:.3g}",
                 verdict(r["convscope_ok"], r["convscope_max_abs"], r["convscope_rel"],
                         r["convscope_error"]),
                 "yes" if r["opencv_opens"] else f"no: {r['opencv_error']}",
                 verdict(r["opencv_ok"], r["opencv_max_abs"], r["opencv_rel"]),
                 fmt(r["convscope_ms"], ".1f"), fmt(r["opencv_ms"], ".1f"),
                 fmt(r["torch_ms"], ".1f")]
        print("| " + " | ".join(cells) + " |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir")
    parser.add_argument("--cli", default=DEFAULT_CLI)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--runs", type=int, default=20, help="timed runs (0: no timing)")
    parser.add_argument("--models", nargs="+", default=MODELS, choices=MODELS)
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--random-biases", action="store_true",
                        help="draw every bias at random (no Identity nodes from the exporter)")
    args = parser.parse_args()
    cli = os.path.abspath(args.cli)
    if not os.access(cli, os.X_OK):
        sys.exit(f"no convscope-cli at {cli} (build it, or pass --cli)")
    os.makedirs(args.out_dir, exist_ok=True)
    torch.set_num_threads(args.threads)

    rng = np.random.default_rng(args.seed)
    x = rng.standard_normal((1, 3, 224, 224)).astype(np.float32)
    input_path = os.path.join(args.out_dir, "input.npy")
    np.save(input_path, x)

    rows = []
    for name in args.models:  # each model's seed is the same whichever others run
        rows.append(check_model(name, args.seed + MODELS.index(name), args, x, input_path, cli))
        print(f"{name}: done", file=sys.stderr, flush=True)
    print_table(rows, args)
    with open(os.path.join(args.out_dir, "results.json"), "w") as fh:
        json.dump({"threads": args.threads, "runs": args.runs, "seed": args.seed,
                   "random_biases": args.random_biases, "models": rows}, fh, indent=1)
    if "resnet18" in args.models:
        resnet18 = os.path.abspath(os.path.join(args.out_dir, "resnet18.onnx"))
        print(f"\nexport CONVSCOPE_RESNET18_ONNX={resnet18}")
    return 0 if all(r["convscope_ok"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
