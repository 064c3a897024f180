"""Golden fixtures of whole graphs (networks as named nodes), computed by PyTorch (float32, one
thread). Run through generate.py with /usr/bin/python3 (Debian's python3-torch).

Writes graph.json: {"generator", "cases": [...], "rejected": [...]}.

A graph, as the engine reads it:
  {"format": "convscope-graph", "version": 1,
   "input": [C, H, W],                     one example's shape (no batch dimension)
   "nodes": [{"name", "op", "inputs": [names], "params": {...} (absent when empty),
              "weight", "bias" (conv2d, linear, batch_norm2d; {"shape","data"} or null),
              "running_mean", "running_var" (batch_norm2d)}, ...],
   "output": name}
"input" is the reserved name of the graph's input. Ops and params are those of
torch.nn.functional: conv2d, max_pool2d, avg_pool2d, adaptive_avg_pool2d, adaptive_max_pool2d,
batch_norm2d (momentum, eps; training comes from the case), relu, sigmoid, tanh, leaky_relu,
relu6, dropout (p; training comes from the case), flatten (start_dim), linear, add (input,
other; broadcast as torch), cat (dim), local_response_norm (size, alpha, beta, k).

Each case: "name", "graph", "training", "input" [N, C, H, W], "expected" (the output node's
value), "grad_output" (random, the output's shape), "expected_grad_input"
(d(sum grad_output * output)/d input), "expected_grads" {"<node>.weight"/"<node>.bias": ...}
for every weight and bias that is not null, and for training cases "expected_running"
{"<node>.running_mean"/"<node>.running_var": ...}, the running statistics after the one forward
pass (empty when the graph has no batch norm).

Each rejected graph: "name", "graph", "message_contains" (the offending node's name in double
quotes) — a cycle, an unknown name, a duplicate name, joins whose shapes do not match.

The graphs are built as dicts (the JSON form) and evaluated by run_graph, a small interpreter
over that same dict calling torch.nn.functional, so the JSON and the values cannot disagree.
"""
import json
import math
import os

import torch
import torch.nn.functional as F

from common import tensor_json

SEED = 20240812
GEN = torch.Generator().manual_seed(SEED)
FILE_NAME = "graph.json"


def randn(*shape, scale=1.0, shift=0.0):
    return torch.randn(*shape, generator=GEN) * scale + shift


def positive(*shape):
    """Values in [0.25, 2.25): running variances."""
    return torch.rand(*shape, generator=GEN) * 2.0 + 0.25


# ---- the interpreter ----

class GraphError(Exception):
    pass


def from_json(t):
    if t is None:
        return None
    return torch.tensor(t["data"], dtype=torch.float32).reshape(t["shape"])


def pair(v):
    return tuple(v) if isinstance(v, list) else v


def kw(p, *names):
    return {k: pair(p[k]) for k in names if k in p}


def one(xs):
    if len(xs) != 1:
        raise GraphError("takes 1 input, has %d" % len(xs))
    return xs[0]


def op_conv2d(xs, p, t, training):
    return F.conv2d(one(xs), t["weight"], t["bias"], **kw(p, "stride", "padding", "dilation", "groups"))


def op_batch_norm2d(xs, p, t, training):
    # F.batch_norm updates running_mean and running_var in place when training.
    return F.batch_norm(one(xs), t["running_mean"], t["running_var"], t["weight"], t["bias"],
                        training, p.get("momentum", 0.1), p.get("eps", 1e-5))


def op_add(xs, p, t, training):
    if len(xs) != 2:
        raise GraphError("takes 2 inputs (input, other), has %d" % len(xs))
    return torch.add(xs[0], xs[1])


def op_cat(xs, p, t, training):
    if not xs:
        raise GraphError("takes at least 1 input")
    return torch.cat(xs, p.get("dim", 0))


OPS = {
    "conv2d": op_conv2d,
    "max_pool2d": lambda xs, p, t, tr: F.max_pool2d(
        one(xs), **kw(p, "kernel_size", "stride", "padding", "dilation", "ceil_mode")),
    "avg_pool2d": lambda xs, p, t, tr: F.avg_pool2d(
        one(xs), **kw(p, "kernel_size", "stride", "padding", "ceil_mode", "count_include_pad")),
    "adaptive_avg_pool2d": lambda xs, p, t, tr: F.adaptive_avg_pool2d(one(xs), pair(p["output_size"])),
    "adaptive_max_pool2d": lambda xs, p, t, tr: F.adaptive_max_pool2d(one(xs), pair(p["output_size"])),
    "batch_norm2d": op_batch_norm2d,
    "relu": lambda xs, p, t, tr: F.relu(one(xs)),
    "sigmoid": lambda xs, p, t, tr: torch.sigmoid(one(xs)),
    "tanh": lambda xs, p, t, tr: torch.tanh(one(xs)),
    "leaky_relu": lambda xs, p, t, tr: F.leaky_relu(one(xs), p.get("negative_slope", 0.01)),
    "relu6": lambda xs, p, t, tr: F.relu6(one(xs)),
    "dropout": lambda xs, p, t, tr: F.dropout(one(xs), p.get("p", 0.5), tr),
    "flatten": lambda xs, p, t, tr: torch.flatten(one(xs), p.get("start_dim", 1), p.get("end_dim", -1)),
    "linear": lambda xs, p, t, tr: F.linear(one(xs), t["weight"], t["bias"]),
    "add": op_add,
    "cat": op_cat,
    "local_response_norm": lambda xs, p, t, tr: F.local_response_norm(
        one(xs), p["size"], p.get("alpha", 1e-4), p.get("beta", 0.75), p.get("k", 1.0)),
}

PARAM_TENSORS = ("weight", "bias")
STAT_TENSORS = ("running_mean", "running_var")


def node_error(name, message):
    return GraphError('node "%s": %s' % (name, message))


def topological_order(graph):
    """The nodes in an order where each comes after its inputs; rejects duplicate or reserved
    names, unknown inputs, an unknown output and cycles, naming the offending node."""
    nodes = graph["nodes"]
    names = {}
    for node in nodes:
        name = node["name"]
        if name == "input":
            raise node_error(name, 'the name "input" is reserved for the graph\'s input')
        if name in names:
            raise node_error(name, "duplicate node name")
        if node["op"] not in OPS:
            raise node_error(name, "unknown op %s" % node["op"])
        names[name] = node
    for node in nodes:
        for src in node["inputs"]:
            if src != "input" and src not in names:
                raise node_error(node["name"], 'unknown input "%s"' % src)
    if graph["output"] != "input" and graph["output"] not in names:
        raise GraphError('output "%s" is not a node' % graph["output"])
    done, order = {"input"}, []
    while len(order) < len(nodes):
        ready = [n for n in nodes if n["name"] not in done and all(s in done for s in n["inputs"])]
        if not ready:
            stuck = next(n for n in nodes if n["name"] not in done)
            raise node_error(stuck["name"], "is on a cycle")
        for n in ready:
            done.add(n["name"])
            order.append(n)
    return order


def node_tensors(graph, requires_grad):
    """Each node's tensors, read from the JSON: weights and biases as leaves that take gradients,
    running statistics cloned (batch norm updates them in place when training)."""
    tensors = {}
    for node in graph["nodes"]:
        t = {}
        for field in PARAM_TENSORS + STAT_TENSORS:
            v = from_json(node.get(field))
            if v is not None and field in PARAM_TENSORS and requires_grad:
                v.requires_grad_(True)
            t[field] = v
        tensors[node["name"]] = t
    return tensors


def run_graph(graph, x, training, tensors):
    order = topological_order(graph)
    if list(x.shape[1:]) != list(graph["input"]):
        raise GraphError("input shape %s does not match the graph's %s" % (list(x.shape), graph["input"]))
    values = {"input": x}
    for node in order:
        xs = [values[s] for s in node["inputs"]]
        try:
            values[node["name"]] = OPS[node["op"]](xs, node.get("params", {}), tensors[node["name"]],
                                                   training)
        except (RuntimeError, ValueError, IndexError, TypeError, GraphError) as e:
            raise node_error(node["name"], " ".join(str(e).split("\n")[0].split()))
    return values[graph["output"]]


# ---- building graphs ----

class Builder:
    """Builds the JSON form of a graph with random weights from GEN, tracking channel counts."""

    def __init__(self, c, h, w):
        self.graph = {"format": "convscope-graph", "version": 1, "input": [c, h, w], "nodes": [],
                      "output": None}
        self.channels = {"input": c}

    def node(self, name, op, inputs, params=None, channels=None, **tensors):
        n = {"name": name, "op": op, "inputs": list(inputs)}
        if params:
            n["params"] = params
        for field, v in tensors.items():
            n[field] = None if v is None else tensor_json(v)
        self.graph["nodes"].append(n)
        self.channels[name] = self.channels.get(inputs[0]) if channels is None else channels
        self.graph["output"] = name
        return name

    def conv(self, name, src, cout, k, bias=True, scale=1.0, **params):
        cin = self.channels[src]
        groups = params.get("groups", 1)
        fan_in = cin // groups * k * k
        w = randn(cout, cin // groups, k, k, scale=scale / math.sqrt(fan_in))
        b = randn(cout, scale=0.2) if bias else None
        return self.node(name, "conv2d", [src], params, channels=cout, weight=w, bias=b)

    def bn(self, name, src, affine=True, **params):
        c = self.channels[src]
        p = {"momentum": 0.1, "eps": 1e-5}
        p.update(params)
        w = randn(c, scale=0.3, shift=1.0) if affine else None
        b = randn(c, scale=0.3) if affine else None
        return self.node(name, "batch_norm2d", [src], p, weight=w, bias=b,
                         running_mean=randn(c, scale=0.5), running_var=positive(c))

    def linear(self, name, src, fin, fout):
        w = randn(fout, fin, scale=1.0 / math.sqrt(fin))
        return self.node(name, "linear", [src], channels=fout, weight=w, bias=randn(fout, scale=0.2))

    def unary(self, name, op, src, params=None):
        return self.node(name, op, [src], params)

    def done(self, output=None):
        if output is not None:
            self.graph["output"] = output
        return self.graph


# ---- the cases ----

def case(name, graph, training, n):
    x = randn(n, *graph["input"])
    x.requires_grad_(True)
    tensors = node_tensors(graph, requires_grad=True)
    out = run_graph(graph, x, training, tensors)
    grad = randn(*out.shape)
    out.backward(grad)
    c = {"name": name, "graph": graph, "training": training, "input": tensor_json(x),
         "expected": tensor_json(out), "grad_output": tensor_json(grad),
         "expected_grad_input": tensor_json(x.grad)}
    grads = {}
    for node in graph["nodes"]:
        for field in PARAM_TENSORS:
            leaf = tensors[node["name"]][field]
            if leaf is not None:
                g = leaf.grad if leaf.grad is not None else torch.zeros_like(leaf)
                grads[node["name"] + "." + field] = tensor_json(g)
    c["expected_grads"] = grads
    if training:
        c["expected_running"] = {node["name"] + "." + field: tensor_json(tensors[node["name"]][field])
                                 for node in graph["nodes"] if node["op"] == "batch_norm2d"
                                 for field in STAT_TENSORS}
    return c


def resnet_basic_block_identity():
    g = Builder(4, 6, 6)
    g.conv("conv1", "input", 4, 3, bias=False, stride=1, padding=1)
    g.bn("bn1", "conv1")
    g.unary("relu1", "relu", "bn1")
    g.conv("conv2", "relu1", 4, 3, bias=False, stride=1, padding=1)
    g.bn("bn2", "conv2")
    g.node("sum", "add", ["bn2", "input"])
    g.unary("out", "relu", "sum")
    return g.done()


def resnet_block_projection_stride2():
    g = Builder(3, 8, 8)
    g.conv("conv1", "input", 6, 3, bias=False, stride=2, padding=1)
    g.bn("bn1", "conv1")
    g.unary("relu1", "relu", "bn1")
    g.conv("conv2", "relu1", 6, 3, bias=False, stride=1, padding=1)
    g.bn("bn2", "conv2")
    g.conv("shortcut", "input", 6, 1, bias=True, stride=2)
    g.node("sum", "add", ["bn2", "shortcut"])
    g.unary("out", "relu", "sum")
    return g.done()


def inception_block():
    g = Builder(4, 6, 6)
    g.conv("p1_conv", "input", 2, 1)
    g.unary("p1", "relu", "p1_conv")
    g.conv("p2_reduce", "input", 2, 1)
    g.unary("p2_reduce_relu", "relu", "p2_reduce")
    g.conv("p2_conv", "p2_reduce_relu", 3, 3, padding=1)
    g.unary("p2", "relu", "p2_conv")
    g.conv("p3_reduce", "input", 2, 1)
    g.unary("p3_reduce_relu", "relu", "p3_reduce")
    g.conv("p3_conv", "p3_reduce_relu", 1, 5, padding=2)
    g.unary("p3", "relu", "p3_conv")
    g.unary("p4_pool", "max_pool2d", "input", {"kernel_size": 3, "stride": 1, "padding": 1})
    g.conv("p4_conv", "p4_pool", 2, 1)
    g.unary("p4", "relu", "p4_conv")
    g.node("join", "cat", ["p1", "p2", "p3", "p4"], {"dim": 1}, channels=8)
    return g.done()


def nin_head():
    g = Builder(4, 6, 6)
    g.conv("mlp1", "input", 8, 1)
    g.unary("relu1", "relu", "mlp1")
    g.conv("mlp2", "relu1", 5, 1)
    g.unary("gap", "adaptive_avg_pool2d", "mlp2", {"output_size": 1})
    g.unary("out", "flatten", "gap", {"start_dim": 1})
    return g.done()


def small_lenet_chain(dropout=None):
    """16x16 -> conv5 p2 -> 16x16 -> pool 8x8 -> conv5 -> 4x4 -> pool 2x2 -> 4*2*2 = 16 features.
    avg_pool2d is given kernel_size only: torch's stride default is the kernel size."""
    g = Builder(1, 16, 16)
    g.conv("c1", "input", 4, 5, padding=2)
    g.unary("s1", "sigmoid", "c1")
    g.unary("p1", "avg_pool2d", "s1", {"kernel_size": 2})
    g.conv("c2", "p1", 4, 5, scale=2.0)
    g.unary("s2", "sigmoid", "c2")
    g.unary("p2", "avg_pool2d", "s2", {"kernel_size": 2})
    g.unary("flat", "flatten", "p2")
    g.linear("fc1", "flat", 16, 10)
    g.unary("s3", "sigmoid", "fc1")
    src = "s3"
    if dropout is not None:
        src = g.unary("drop", "dropout", "s3", {"p": dropout})
    g.linear("fc2", src, 10, 3)
    return g.done()


def consumed_twice():
    g = Builder(3, 5, 5)
    g.conv("a", "input", 4, 3, padding=1)
    g.unary("b", "relu", "a")
    g.node("c", "add", ["a", "b"])
    return g.done()


def same_node_both_operands():
    g = Builder(2, 4, 4)
    g.conv("a", "input", 3, 3, padding=1)
    g.node("twice", "add", ["a", "a"])
    g.unary("out", "tanh", "twice")
    return g.done()


def alexnet_style_lrn():
    g = Builder(3, 8, 8)
    g.conv("conv1", "input", 8, 3, padding=1, scale=2.0)
    g.unary("relu1", "relu", "conv1")
    g.unary("norm1", "local_response_norm", "relu1", {"size": 5, "alpha": 1e-4, "beta": 0.75, "k": 2.0})
    g.unary("pool1", "max_pool2d", "norm1", {"kernel_size": 3, "stride": 2, "padding": 0})
    return g.done()


def broadcast_join(pooled_first):
    g = Builder(3, 6, 6)
    g.conv("feat", "input", 4, 3, padding=1)
    g.unary("squeeze", "adaptive_avg_pool2d", "feat", {"output_size": 1})
    g.node("sum", "add", ["squeeze", "feat"] if pooled_first else ["feat", "squeeze"])
    g.unary("out", "relu", "sum")
    return g.done()


def mixed_ops_chain():
    """The ops and params the network cases leave out: grouped dilated conv, batch norm without
    affine parameters, leaky_relu, relu6 (the conv is scaled so some values pass 6),
    adaptive_max_pool2d to a non-square size, tanh."""
    g = Builder(4, 6, 6)
    g.conv("gconv", "input", 4, 3, stride=1, padding=2, dilation=2, groups=2)
    g.bn("bn", "gconv", affine=False, momentum=0.3, eps=1e-3)
    g.unary("lrelu", "leaky_relu", "bn", {"negative_slope": 0.2})
    g.conv("down", "lrelu", 6, 3, stride=2, padding=1, scale=4.0)
    g.unary("amax", "adaptive_max_pool2d", "down", {"output_size": [2, 3]})
    g.unary("r6", "relu6", "amax")
    g.unary("flat", "flatten", "r6", {"start_dim": 1})
    g.linear("fc", "flat", 36, 5)
    g.unary("out", "tanh", "fc")
    return g.done()


def valid_cases():
    c = []
    block = resnet_basic_block_identity()
    c.append(case("resnet_basic_block_identity_training", block, True, 2))
    c.append(case("resnet_basic_block_identity_eval", block, False, 2))
    c.append(case("resnet_block_projection_stride2_training", resnet_block_projection_stride2(), True, 2))
    block = inception_block()
    c.append(case("inception_block_eval", block, False, 2))
    c.append(case("inception_block_training", block, True, 2))
    c.append(case("nin_head", nin_head(), False, 3))
    lenet = small_lenet_chain()
    c.append(case("small_lenet_chain_eval", lenet, False, 2))
    c.append(case("small_lenet_chain_training", lenet, True, 2))
    c.append(case("small_lenet_chain_dropout_p0p5_eval", small_lenet_chain(dropout=0.5), False, 2))
    c.append(case("small_lenet_chain_dropout_p0_training", small_lenet_chain(dropout=0.0), True, 2))
    c.append(case("node_consumed_twice", consumed_twice(), False, 2))
    c.append(case("node_both_operands_of_add", same_node_both_operands(), False, 2))
    c.append(case("alexnet_style_lrn", alexnet_style_lrn(), False, 2))
    c.append(case("broadcast_join_squeeze_add", broadcast_join(False), False, 2))
    c.append(case("broadcast_join_squeeze_add_pooled_first", broadcast_join(True), True, 2))
    block = mixed_ops_chain()
    c.append(case("mixed_ops_chain_training", block, True, 2))
    c.append(case("mixed_ops_chain_eval", block, False, 2))
    return c


# ---- rejected graphs ----

def rejected(name, graph, offender):
    return {"name": name, "graph": graph, "message_contains": '"%s"' % offender}


def rejected_cases():
    c = []
    g = Builder(3, 4, 4)
    g.unary("stem", "relu", "input")
    g.node("a", "add", ["stem", "b"])
    g.unary("b", "relu", "a")
    c.append(rejected("cycle_two_nodes", g.done("b"), "a"))

    g = Builder(3, 4, 4)
    g.unary("loop", "relu", "loop")
    c.append(rejected("cycle_self_loop", g.done(), "loop"))

    g = Builder(3, 4, 4)
    g.conv("conv1", "input", 4, 3, padding=1)
    g.unary("relu1", "relu", "conv9")
    c.append(rejected("unknown_input_name", g.done(), "relu1"))

    g = Builder(3, 4, 4)
    g.conv("conv1", "input", 4, 3, padding=1)
    g.unary("relu1", "relu", "conv1")
    c.append(rejected("unknown_output_name", g.done("missing"), "missing"))

    g = Builder(3, 4, 4)
    g.conv("conv1", "input", 4, 3, padding=1)
    g.unary("conv1", "relu", "conv1")
    c.append(rejected("duplicate_node_name", g.done(), "conv1"))

    g = Builder(3, 4, 4)
    g.unary("input", "relu", "input")
    c.append(rejected("node_named_input_reserved", g.done(), "input"))

    g = Builder(4, 6, 6)
    g.conv("path_a", "input", 4, 3, padding=1)
    g.conv("path_b", "input", 3, 1)
    g.node("sum", "add", ["path_a", "path_b"])
    g.unary("out", "relu", "sum")
    c.append(rejected("add_channels_4_and_3", g.done(), "sum"))

    g = Builder(4, 6, 6)
    g.conv("p1", "input", 2, 1)
    g.unary("p2", "max_pool2d", "input", {"kernel_size": 2, "stride": 2})
    g.node("join", "cat", ["p1", "p2"], {"dim": 1})
    c.append(rejected("cat_6x6_and_3x3_dim1", g.done(), "join"))
    return c


def check_rejected(r):
    graph = r["graph"]
    try:
        tensors = node_tensors(graph, requires_grad=False)
        run_graph(graph, torch.zeros(1, *graph["input"]), False, tensors)
    except GraphError as e:
        if r["message_contains"] not in str(e):
            raise AssertionError("%s: %s lacks %s" % (r["name"], e, r["message_contains"]))
        return str(e)
    raise AssertionError(r["name"] + ": the graph ran")


# ---- writing and checking ----

def check(out_dir, verbose=False):
    """Reloads the file, re-runs every case (forward, gradients, running statistics) from its JSON
    alone and checks every rejected graph is rejected naming its node."""
    with open(os.path.join(out_dir, FILE_NAME)) as fh:
        doc = json.load(fh)
    close = lambda got, want: torch.allclose(got, from_json(want), rtol=1e-6, atol=1e-7)
    for c in doc["cases"]:
        graph = c["graph"]
        x = from_json(c["input"]).requires_grad_(True)
        tensors = node_tensors(graph, requires_grad=True)
        out = run_graph(graph, x, c["training"], tensors)
        assert close(out.detach(), c["expected"]), c["name"] + ": expected"
        out.backward(from_json(c["grad_output"]))
        assert close(x.grad, c["expected_grad_input"]), c["name"] + ": grad input"
        want_keys = set()
        for node in graph["nodes"]:
            for field in PARAM_TENSORS:
                leaf = tensors[node["name"]][field]
                if leaf is not None:
                    key = node["name"] + "." + field
                    want_keys.add(key)
                    assert close(leaf.grad, c["expected_grads"][key]), c["name"] + ": " + key
            if c["training"] and node["op"] == "batch_norm2d":
                for field in STAT_TENSORS:
                    key = node["name"] + "." + field
                    assert close(tensors[node["name"]][field], c["expected_running"][key]), c["name"] + ": " + key
        assert want_keys == set(c["expected_grads"]), c["name"] + ": grad keys"
        assert c["training"] == ("expected_running" in c), c["name"] + ": expected_running"
        if verbose:
            size = len(json.dumps(c, separators=(",", ":")))
            print("%-45s %-5s in %-14s out %-12s nodes %2d  |out| max %.3f  %6.1f KB" % (
                c["name"], "train" if c["training"] else "eval", c["input"]["shape"],
                c["expected"]["shape"], len(graph["nodes"]), out.detach().abs().max().item(),
                size / 1024))
    for r in doc["rejected"]:
        message = check_rejected(r)
        if verbose:
            print("%-45s rejected: %s" % (r["name"], message))
    return doc


def check_unique(items):
    names = [c["name"] for c in items]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ValueError("duplicate case names: " + ", ".join(duplicates))


def generate(out_dir):
    torch.set_num_threads(1)
    GEN.manual_seed(SEED)
    cases = valid_cases()
    bad = rejected_cases()
    check_unique(cases + bad)
    for r in bad:
        check_rejected(r)
    with open(os.path.join(out_dir, FILE_NAME), "w") as fh:
        json.dump({"generator": "tests/golden/generate.py", "cases": cases, "rejected": bad}, fh,
                  separators=(",", ":"))
        fh.write("\n")
    check(out_dir)


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    generate(here)
    check(here, verbose=True)
