"""Golden fixtures of the ops of modern CNNs, computed by PyTorch (float32, one thread). Run
through generate.py with /usr/bin/python3 (Debian's python3-torch).

Writes
  modern.json           batch_norm2d, dropout, adaptive_avg_pool2d, adaptive_max_pool2d, add,
                        cat, relu6, hardtanh, clamp, local_response_norm, mul, pad forward cases
                        and rejected calls
  modern_backward.json  their gradients for a given upstream gradient (torch autograd)

Each case is in the eval format: "name", "op", the op's tensors, "params", then "expected"
(and "expected_indices" for adaptive_max_pool2d) or "expected_error": true.
The op's tensors:
  input                         every op but cat
  inputs                        cat: a list of tensors
  other                         add, mul
  running_mean, running_var,
  weight, bias (or null)        batch_norm2d
batch_norm2d with "training": true also records "expected_running_mean" and
"expected_running_var", the running statistics after the call (updated with the unbiased
batch variance). Backward cases add "grad_output" and "expected_grad_input" ("expected_grad_inputs",
a list, for cat), "expected_grad_other" (add, reduced to the operand's shape), and
"expected_grad_weight" and "expected_grad_bias" (affine batch_norm2d).
"""
import torch
import torch.nn.functional as F

from common import tensor_json, write_cases

GEN = torch.Generator().manual_seed(20240707)


def randn(*shape, scale=1.0, shift=0.0):
    return torch.randn(*shape, generator=GEN) * scale + shift


def randint(lo, hi, *shape):
    """Whole numbers in [lo, hi): many ties."""
    return torch.randint(lo, hi, shape, generator=GEN).float()


def positive(*shape):
    """Values in [0.25, 2.25): variances and scales."""
    return torch.rand(*shape, generator=GEN) * 2.0 + 0.25


def pair_arg(v):
    return tuple(v) if isinstance(v, list) else v


def grid(*shape, values):
    return torch.tensor(values, dtype=torch.float32).reshape(*shape)


# ---- how each op is called in torch, from the eval-format tensors t and params p ----

def call_batch_norm(t, p):
    # F.batch_norm updates running_mean and running_var in place when training.
    return F.batch_norm(t["input"], t["running_mean"], t["running_var"], t.get("weight"),
                        t.get("bias"), p.get("training", False), p.get("momentum", 0.1),
                        p.get("eps", 1e-5))


def call_add(t, p):
    if "alpha" in p:
        return torch.add(t["input"], t["other"], alpha=p["alpha"])
    return torch.add(t["input"], t["other"])


CALLS = {
    "batch_norm2d": call_batch_norm,
    "dropout": lambda t, p: F.dropout(t["input"], p["p"], p["training"]),
    "adaptive_avg_pool2d": lambda t, p: F.adaptive_avg_pool2d(t["input"], pair_arg(p["output_size"])),
    "adaptive_max_pool2d": lambda t, p: F.adaptive_max_pool2d(t["input"], pair_arg(p["output_size"]),
                                                              return_indices=True),
    "add": call_add,
    "mul": lambda t, p: torch.mul(t["input"], t["other"]),
    "pad": lambda t, p: F.pad(t["input"], tuple(p["pad"]), p.get("mode", "constant"), p.get("value")),
    "cat": lambda t, p: torch.cat(t["inputs"], p["dim"]),
    "relu6": lambda t, p: F.relu6(t["input"]),
    "hardtanh": lambda t, p: F.hardtanh(t["input"], p.get("min_val", -1.0), p.get("max_val", 1.0)),
    "clamp": lambda t, p: torch.clamp(t["input"], p.get("min"), p.get("max")),
    "local_response_norm": lambda t, p: F.local_response_norm(
        t["input"], p["size"], p.get("alpha", 1e-4), p.get("beta", 0.75), p.get("k", 1.0)),
}

# The order of the tensor fields in a case, and the field of each one's gradient.
TENSOR_FIELDS = ["input", "inputs", "other", "running_mean", "running_var", "weight", "bias"]
GRAD_FIELDS = {"input": "expected_grad_input", "inputs": "expected_grad_inputs",
               "other": "expected_grad_other", "weight": "expected_grad_weight",
               "bias": "expected_grad_bias"}


def tensors_json(v):
    if v is None:
        return None
    if isinstance(v, list):
        return [tensor_json(u) for u in v]
    return tensor_json(v)


def forward_case(name, op, params, **tensors):
    case = {"name": name, "op": op}
    for field in TENSOR_FIELDS:
        if field in tensors:
            case[field] = tensors_json(tensors[field])
    case["params"] = params
    args = dict(tensors)
    for field in ("running_mean", "running_var"):
        if args.get(field) is not None:
            args[field] = args[field].detach().clone()
    try:
        out = CALLS[op](args, params)
    except (RuntimeError, ValueError, IndexError, TypeError) as e:
        case["expected_error"] = True
        case["torch_error"] = " ".join(str(e).split("\n")[0].split())
        return case
    if isinstance(out, tuple):
        out, idx = out
        case["expected_indices"] = {"shape": list(idx.shape), "data": idx.flatten().tolist()}
    case["expected"] = tensor_json(out)
    if op == "batch_norm2d" and params.get("training", False):
        case["expected_running_mean"] = tensor_json(args["running_mean"])
        case["expected_running_var"] = tensor_json(args["running_var"])
    return case


def backward_case(name, op, params, **tensors):
    """Forward case plus torch autograd's gradients for a random upstream gradient."""
    args = {}
    for field, v in tensors.items():
        if v is None:
            args[field] = None
        elif field in ("running_mean", "running_var"):
            args[field] = v.clone()
        elif isinstance(v, list):
            args[field] = [u.clone().requires_grad_(True) for u in v]
        else:
            args[field] = v.clone().requires_grad_(True)
    out = CALLS[op](args, params)
    if isinstance(out, tuple):
        out = out[0]
    grad = randn(*out.shape)
    out.backward(grad)
    case = forward_case(name, op, params, **tensors)
    case["grad_output"] = tensor_json(grad)

    def grad_of(leaf):
        # dropout with p = 1 multiplies by a constant zero: autograd still gives a zero grad.
        return tensor_json(leaf.grad if leaf.grad is not None else torch.zeros_like(leaf))

    for field in TENSOR_FIELDS:
        if field in GRAD_FIELDS and args.get(field) is not None:
            v = args[field]
            case[GRAD_FIELDS[field]] = [grad_of(u) for u in v] if isinstance(v, list) else grad_of(v)
    return case


# ---- batch_norm2d ----

def bn_tensors(n, c, h, w, affine=True, stats=None):
    """Input with a mean away from zero; running statistics and affine parameters of size C."""
    x = randn(n, c, h, w, scale=1.5, shift=0.5)
    mean = randn(c, scale=0.5) if stats is None else stats[0]
    var = positive(c) if stats is None else stats[1]
    weight = randn(c, scale=0.5, shift=1.0) if affine else None
    bias = randn(c, scale=0.5) if affine else None
    return {"input": x, "running_mean": mean, "running_var": var, "weight": weight, "bias": bias}


def batch_norm_cases():
    c = []
    add = lambda name, params, t: c.append(forward_case(name, "batch_norm2d", params, **t))
    add("batch_norm2d_eval_affine", {"training": False, "momentum": 0.1, "eps": 1e-5},
        bn_tensors(2, 3, 4, 5))
    add("batch_norm2d_eval_not_affine", {"training": False, "momentum": 0.1, "eps": 1e-5},
        bn_tensors(1, 2, 5, 4, affine=False))
    add("batch_norm2d_eval_eps0p01_n3", {"training": False, "momentum": 0.1, "eps": 0.01},
        bn_tensors(3, 2, 3, 3))
    add("batch_norm2d_eval_default_params", {"training": False}, bn_tensors(1, 3, 3, 4))
    add("batch_norm2d_eval_single_value_per_channel", {"training": False, "momentum": 0.1, "eps": 1e-5},
        bn_tensors(1, 3, 1, 1))
    add("batch_norm2d_eval_zero_running_var_eps", {"training": False, "momentum": 0.1, "eps": 1e-3},
        bn_tensors(1, 2, 3, 3, stats=(torch.zeros(2), torch.zeros(2))))
    add("batch_norm2d_train_momentum0p1_affine", {"training": True, "momentum": 0.1, "eps": 1e-5},
        bn_tensors(2, 3, 4, 4))
    add("batch_norm2d_train_momentum0p3_eps1e-3_not_affine",
        {"training": True, "momentum": 0.3, "eps": 1e-3}, bn_tensors(3, 2, 5, 4, affine=False))
    add("batch_norm2d_train_momentum1_affine", {"training": True, "momentum": 1.0, "eps": 1e-5},
        bn_tensors(2, 2, 3, 4))
    add("batch_norm2d_train_momentum0_stats_kept", {"training": True, "momentum": 0.0, "eps": 1e-5},
        bn_tensors(2, 3, 3, 3))
    add("batch_norm2d_train_eps0p1_not_affine", {"training": True, "momentum": 0.1, "eps": 0.1},
        bn_tensors(4, 2, 2, 2, affine=False))
    add("batch_norm2d_train_n1_hw_gt1", {"training": True, "momentum": 0.1, "eps": 1e-5},
        bn_tensors(1, 4, 3, 3))
    add("batch_norm2d_train_n2_hw1", {"training": True, "momentum": 0.1, "eps": 1e-5},
        bn_tensors(2, 5, 1, 1))
    add("batch_norm2d_train_default_momentum_eps", {"training": True}, bn_tensors(2, 2, 2, 3))
    add("batch_norm2d_train_constant_channel", {"training": True, "momentum": 0.2, "eps": 1e-5},
        {**bn_tensors(2, 2, 2, 2), "input": torch.full((2, 2, 2, 2), 1.5)})

    add("batch_norm2d_error_training_one_value_per_channel",
        {"training": True, "momentum": 0.1, "eps": 1e-5}, bn_tensors(1, 3, 1, 1, affine=False))
    t = bn_tensors(1, 3, 2, 2, affine=False)
    add("batch_norm2d_error_running_mean_size", {"training": False, "momentum": 0.1, "eps": 1e-5},
        {**t, "running_mean": torch.zeros(2)})
    add("batch_norm2d_error_running_mean_size_training", {"training": True, "momentum": 0.1, "eps": 1e-5},
        {**t, "running_mean": torch.zeros(4)})
    add("batch_norm2d_error_running_var_size", {"training": False, "momentum": 0.1, "eps": 1e-5},
        {**t, "running_var": torch.ones(2)})
    add("batch_norm2d_error_momentum_null_training", {"training": True, "momentum": None, "eps": 1e-5},
        bn_tensors(4, 3, 2, 2))
    add("batch_norm2d_error_momentum_null_eval", {"training": False, "momentum": None, "eps": 1e-5},
        bn_tensors(1, 3, 2, 2))
    t = bn_tensors(2, 3, 2, 2)
    add("batch_norm2d_error_weight_size", {"training": False, "momentum": 0.1, "eps": 1e-5},
        {**t, "weight": torch.ones(2)})
    add("batch_norm2d_error_weight_size_training", {"training": True, "momentum": 0.1, "eps": 1e-5},
        {**t, "weight": torch.ones(4)})
    add("batch_norm2d_error_bias_size", {"training": False, "momentum": 0.1, "eps": 1e-5},
        {**t, "bias": torch.zeros(4)})
    return c


# ---- dropout ----

def dropout_cases():
    c = []
    add = lambda name, x, params: c.append(forward_case(name, "dropout", params, input=x))
    x = randn(2, 3, 4, 4)
    add("dropout_eval_p0p5_identity", x, {"p": 0.5, "training": False})
    add("dropout_eval_p0_identity", randn(1, 2, 3, 3), {"p": 0.0, "training": False})
    add("dropout_eval_p1_identity", randn(1, 2, 3, 3), {"p": 1.0, "training": False})
    add("dropout_eval_p0p2_2d", randn(3, 5), {"p": 0.2, "training": False})
    add("dropout_train_p0_identity", randn(1, 2, 3, 4), {"p": 0.0, "training": True})
    add("dropout_train_p1_all_zero", randn(1, 2, 3, 4), {"p": 1.0, "training": True})
    add("dropout_error_p_negative", x, {"p": -0.1, "training": False})
    add("dropout_error_p_above_one", x, {"p": 1.5, "training": False})
    add("dropout_error_p_above_one_training", randn(1, 1, 2, 2), {"p": 1.5, "training": True})
    return c


# ---- adaptive pooling ----

def adaptive_cases(op):
    c = []
    add = lambda name, x, size: c.append(forward_case(op + "_" + name, op, {"output_size": size}, input=x))
    add("7_to_3", randn(1, 2, 7, 7), 3)
    add("10x9_to_4x4", randn(1, 1, 10, 9), [4, 4])
    add("7x9_to_3x4", randn(1, 2, 7, 9), [3, 4])
    add("9x10_to_4x3", randn(2, 1, 9, 10), [4, 3])
    add("3_to_5_larger", randn(1, 2, 3, 3), 5)
    add("3x4_to_5x7_larger", randn(1, 1, 3, 4), [5, 7])
    add("mixed_6x3_to_4x5", randn(1, 1, 6, 3), [4, 5])
    add("global_n2_c3", randn(2, 3, 5, 5), 1)
    add("global_pair", randn(1, 2, 4, 6), [1, 1])
    add("same_size_identity", randn(1, 1, 4, 4), 4)
    add("null_h_keep_w2", randn(1, 1, 6, 6), [None, 2])
    add("h3_null_w_keep", randn(1, 2, 5, 7), [3, None])
    add("both_null_identity", randn(1, 1, 4, 5), [None, None])
    add("n2_c3_7x5_to_3x2", randn(2, 3, 7, 5), [3, 2])
    add("3d_input_chw", randn(3, 7, 6), [3, 4])
    add("all_negative", -positive(1, 2, 5, 5), 2)
    add("output_size0_empty", randn(1, 1, 6, 6), 0)
    add("output_size_0x2_empty", randn(1, 1, 6, 6), [0, 2])
    if op == "adaptive_max_pool2d":
        add("ties_integer_7_to_3", randint(0, 3, 1, 2, 7, 7), 3)
        add("ties_integer_5x6_to_4x4_overlapping", randint(0, 2, 1, 1, 5, 6), [4, 4])
        add("ties_integer_3_to_5_larger", randint(0, 2, 1, 1, 3, 3), 5)
        add("plateau_first_wins", torch.ones(1, 1, 5, 6), [2, 3])
        add("zeros_and_negatives_ties", grid(1, 1, 4, 4, values=[
            -1, 0, 0, -2,
            0, -1, -3, 0,
            -2, -2, 0, -1,
            0, -1, -1, 0]), 2)
    add("error_output_size_negative", randn(1, 1, 6, 6), -1)
    add("error_output_size_pair_negative", randn(1, 1, 6, 6), [2, -2])
    add("error_output_size_3_elements", randn(1, 1, 6, 6), [2, 2, 2])
    add("error_output_size_null", randn(1, 1, 6, 6), None)
    add("error_2d_input", randn(6, 6), 2)
    return c


# ---- add and cat ----

def add_cases():
    c = []
    add = lambda name, x, other, params: c.append(forward_case(name, "add", params, input=x, other=other))
    add("add_same_shape", randn(1, 3, 4, 4), randn(1, 3, 4, 4), {})
    add("add_alpha2", randn(1, 2, 3, 4), randn(1, 2, 3, 4), {"alpha": 2.0})
    add("add_broadcast_per_channel_bias", randn(2, 3, 4, 4), randn(1, 3, 1, 1), {})
    add("add_broadcast_lower_rank_other", randn(1, 3, 4, 4), randn(3, 1, 1), {})
    add("add_broadcast_both_grow", randn(1, 1, 4, 4), randn(2, 3, 1, 1), {})
    add("add_broadcast_single_value", randn(1, 2, 3, 3), randn(1), {})
    add("add_broadcast_input_smaller", randn(1, 3, 1, 1), randn(2, 3, 2, 3), {})
    add("add_error_width_mismatch", randn(1, 3, 4, 4), randn(1, 3, 4, 5), {})
    add("add_error_channel_mismatch", randn(1, 3, 2, 2), randn(1, 2, 1, 1), {})
    return c


def cat_cases():
    c = []
    add = lambda name, xs, dim: c.append(forward_case(name, "cat", {"dim": dim}, inputs=xs))
    add("cat_dim1_inception_three_inputs", [randn(1, 2, 3, 3), randn(1, 3, 3, 3), randn(1, 1, 3, 3)], 1)
    add("cat_dim1_n2", [randn(2, 2, 2, 3), randn(2, 1, 2, 3)], 1)
    add("cat_dim0", [randn(2, 1, 2, 2), randn(1, 1, 2, 2)], 0)
    add("cat_dim_minus1", [randn(1, 2, 3, 3), randn(1, 2, 3, 2)], -1)
    add("cat_dim2", [randn(1, 2, 2, 3), randn(1, 2, 3, 3)], 2)
    add("cat_dim_minus3_is_channels", [randn(2, 1, 2, 2), randn(2, 3, 2, 2)], -3)
    add("cat_single_input", [randn(1, 2, 2, 2)], 1)
    add("cat_error_sizes_differ_outside_dim", [randn(1, 2, 3, 3), randn(1, 2, 4, 3)], 1)
    add("cat_error_dim4_out_of_range", [randn(1, 2, 2, 2), randn(1, 2, 2, 2)], 4)
    add("cat_error_dim_minus5_out_of_range", [randn(1, 2, 2, 2), randn(1, 2, 2, 2)], -5)
    add("cat_error_different_ranks", [randn(1, 2, 2, 2), randn(2, 2, 2)], 0)
    add("cat_error_empty_list", [], 1)
    return c


# ---- clipping activations ----

EDGES = [-7.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, 3.0, 6.0, 6.5]


def clip_cases():
    c = []
    add = lambda name, op, x, params: c.append(forward_case(name, op, params, input=x))
    x = randn(1, 2, 4, 5, scale=4.0)
    edges = grid(1, 1, 2, 5, values=EDGES)
    add("relu6_nchw", "relu6", x, {})
    add("relu6_edges", "relu6", edges, {})
    add("relu6_2d", "relu6", randn(3, 4, scale=5.0), {})
    add("hardtanh_min_neg2_max3", "hardtanh", x, {"min_val": -2.0, "max_val": 3.0})
    add("hardtanh_default_params", "hardtanh", randn(1, 2, 3, 4, scale=2.0), {})
    add("hardtanh_edges", "hardtanh", edges, {"min_val": -1.0, "max_val": 2.0})
    add("hardtanh_min_equals_max", "hardtanh", randn(1, 1, 3, 3), {"min_val": 0.5, "max_val": 0.5})
    # torch 1.13 accepts min_val > max_val: the result is max_val everywhere, as clamp.
    add("hardtanh_min_above_max", "hardtanh", x, {"min_val": 1.0, "max_val": -1.0})
    add("clamp_both", "clamp", x, {"min": -1.5, "max": 0.5})
    add("clamp_min_only", "clamp", x, {"min": 0.25})
    add("clamp_max_only", "clamp", x, {"max": -0.5})
    add("clamp_min_above_max", "clamp", x, {"min": 1.0, "max": -1.0})
    add("clamp_edges", "clamp", edges, {"min": -0.5, "max": 3.0})
    add("clamp_min_null_max", "clamp", randn(1, 1, 3, 3), {"min": None, "max": 0.0})
    add("clamp_error_neither", "clamp", x, {})
    add("clamp_error_both_null", "clamp", randn(1, 1, 2, 2), {"min": None, "max": None})
    return c


# ---- local response norm ----

def lrn_cases():
    c = []
    add = lambda name, x, params: c.append(forward_case(name, "local_response_norm", params, input=x))
    add("local_response_norm_size1_c3_n2", randn(2, 3, 2, 3, scale=2.0),
        {"size": 1, "alpha": 0.1, "beta": 0.75, "k": 1.0})
    add("local_response_norm_size2_c3", randn(1, 3, 2, 2, scale=2.0),
        {"size": 2, "alpha": 0.1, "beta": 0.75, "k": 1.0})
    add("local_response_norm_size3_c4_n2", randn(2, 4, 2, 3, scale=2.0),
        {"size": 3, "alpha": 0.01, "beta": 0.5, "k": 1.0})
    add("local_response_norm_size4_c6_even", randn(1, 6, 2, 2, scale=2.0),
        {"size": 4, "alpha": 0.5, "beta": 0.75, "k": 1.0})
    add("local_response_norm_size5_c7_n2", randn(2, 7, 2, 2, scale=2.0),
        {"size": 5, "alpha": 0.2, "beta": 0.75, "k": 1.0})
    add("local_response_norm_size5_c1", randn(1, 1, 3, 3, scale=2.0),
        {"size": 5, "alpha": 0.5, "beta": 0.75, "k": 1.0})
    add("local_response_norm_size5_c2", randn(2, 2, 2, 2, scale=2.0),
        {"size": 5, "alpha": 0.5, "beta": 0.6, "k": 0.5})
    add("local_response_norm_size7_c2_window_beyond_both_edges", randn(1, 2, 2, 3, scale=2.0),
        {"size": 7, "alpha": 1.0, "beta": 0.75, "k": 1.0})
    add("local_response_norm_alexnet", randn(1, 6, 3, 3, scale=2.0),
        {"size": 5, "alpha": 1e-4, "beta": 0.75, "k": 2.0})
    add("local_response_norm_torch_defaults", randn(1, 4, 2, 3, scale=2.0), {"size": 3})
    add("local_response_norm_strong_alpha1_beta1", randn(1, 5, 2, 2, scale=2.0),
        {"size": 3, "alpha": 1.0, "beta": 1.0, "k": 1.0})
    add("local_response_norm_zeros_and_negatives", grid(1, 4, 1, 3, values=[
        0, -2, 1, 0, 0, -1, -3, 0, 2, 0, 0, 0]), {"size": 3, "alpha": 0.5, "beta": 0.75, "k": 1.0})
    # dim 1 is the channel axis whatever the rank: a 3-D input is (N, C, L).
    add("local_response_norm_3d_input_ncl", randn(2, 4, 3, scale=2.0),
        {"size": 3, "alpha": 0.3, "beta": 0.75, "k": 1.0})
    add("local_response_norm_error_2d_input", randn(3, 4), {"size": 2, "alpha": 1e-4, "beta": 0.75, "k": 1.0})
    add("local_response_norm_error_size0", randn(1, 3, 2, 2), {"size": 0, "alpha": 1e-4, "beta": 0.75, "k": 1.0})
    return c


# ---- backward ----

def backward_cases():
    c = []

    def add(name, op, params, **t):
        c.append(backward_case(name, op, params, **t))

    bn = lambda name, params, t: add(name, "batch_norm2d", params, **t)
    bn("batch_norm2d_backward_train_affine", {"training": True, "momentum": 0.1, "eps": 1e-5},
       bn_tensors(2, 3, 3, 3))
    bn("batch_norm2d_backward_train_not_affine", {"training": True, "momentum": 0.1, "eps": 1e-5},
       bn_tensors(2, 2, 3, 4, affine=False))
    bn("batch_norm2d_backward_train_n1_hw_gt1_eps1e-3", {"training": True, "momentum": 0.3, "eps": 1e-3},
       bn_tensors(1, 3, 3, 3))
    bn("batch_norm2d_backward_train_n2_hw1", {"training": True, "momentum": 0.1, "eps": 1e-5},
       bn_tensors(2, 3, 1, 1))
    bn("batch_norm2d_backward_eval_affine", {"training": False, "momentum": 0.1, "eps": 1e-5},
       bn_tensors(2, 3, 2, 3))
    bn("batch_norm2d_backward_eval_not_affine", {"training": False, "momentum": 0.1, "eps": 0.01},
       bn_tensors(1, 2, 3, 3, affine=False))

    add("dropout_backward_eval_identity", "dropout", {"p": 0.5, "training": False}, input=randn(1, 2, 3, 3))
    add("dropout_backward_train_p0_identity", "dropout", {"p": 0.0, "training": True}, input=randn(1, 2, 2, 3))
    add("dropout_backward_train_p1_zero", "dropout", {"p": 1.0, "training": True}, input=randn(1, 2, 2, 3))

    for op in ("adaptive_avg_pool2d", "adaptive_max_pool2d"):
        a = lambda name, x, size: add(op + "_backward_" + name, op, {"output_size": size}, input=x)
        a("7_to_3_overlapping", randn(1, 2, 7, 7), 3)
        a("7x9_to_3x4", randn(1, 1, 7, 9), [3, 4])
        a("3_to_5_larger", randn(1, 2, 3, 3), 5)
        a("global_n2", randn(2, 2, 4, 5), 1)
        a("null_h_keep_w2", randn(1, 1, 5, 6), [None, 2])
        a("3d_input_chw", randn(2, 5, 4), [2, 3])
        if op == "adaptive_max_pool2d":
            a("ties_integer_7_to_3", randint(0, 3, 1, 2, 7, 7), 3)
            a("ties_integer_3_to_5_larger", randint(0, 2, 1, 1, 3, 3), 5)

    ad = lambda name, x, other, params: add(name, "add", params, input=x, other=other)
    ad("add_backward_same_shape", randn(1, 2, 3, 3), randn(1, 2, 3, 3), {})
    ad("add_backward_alpha2_broadcast", randn(2, 3, 2, 2), randn(1, 3, 1, 1), {"alpha": 2.0})
    ad("add_backward_broadcast_per_channel_bias", randn(2, 3, 3, 3), randn(1, 3, 1, 1), {})
    ad("add_backward_broadcast_lower_rank_other", randn(1, 3, 3, 3), randn(3, 1, 1), {})
    ad("add_backward_broadcast_both_grow", randn(1, 1, 3, 3), randn(2, 3, 1, 1), {})

    ct = lambda name, xs, dim: add(name, "cat", {"dim": dim}, inputs=xs)
    ct("cat_backward_dim1_inception_three_inputs", [randn(1, 2, 3, 3), randn(1, 3, 3, 3), randn(1, 1, 3, 3)], 1)
    ct("cat_backward_dim0", [randn(2, 1, 2, 2), randn(1, 1, 2, 2)], 0)
    ct("cat_backward_dim_minus1", [randn(1, 2, 3, 3), randn(1, 2, 3, 2)], -1)
    ct("cat_backward_dim2", [randn(1, 2, 2, 3), randn(1, 2, 1, 3)], 2)

    # Random inputs never sit exactly on a clipping boundary; the "_at_boundary" cases do, to pin
    # torch's choice there: relu6 and hardtanh pass no gradient at min or max, clamp passes it.
    edges = grid(1, 1, 2, 5, values=EDGES)
    add("relu6_backward", "relu6", {}, input=randn(1, 2, 4, 5, scale=4.0))
    add("relu6_backward_at_boundary", "relu6", {}, input=edges)
    add("hardtanh_backward", "hardtanh", {"min_val": -2.0, "max_val": 3.0}, input=randn(1, 2, 4, 5, scale=3.0))
    add("hardtanh_backward_default_params", "hardtanh", {}, input=randn(1, 2, 3, 3, scale=2.0))
    add("hardtanh_backward_at_boundary", "hardtanh", {"min_val": -1.0, "max_val": 2.0}, input=edges)
    add("clamp_backward_both", "clamp", {"min": -1.5, "max": 0.5}, input=randn(1, 2, 4, 5, scale=2.0))
    add("clamp_backward_min_only", "clamp", {"min": 0.25}, input=randn(1, 2, 3, 3, scale=2.0))
    add("clamp_backward_max_only", "clamp", {"max": -0.5}, input=randn(1, 2, 3, 3, scale=2.0))
    add("clamp_backward_min_above_max", "clamp", {"min": 1.0, "max": -1.0}, input=randn(1, 1, 3, 4, scale=2.0))
    add("clamp_backward_at_boundary", "clamp", {"min": -0.5, "max": 3.0}, input=edges)

    lrn = lambda name, x, params: add(name, "local_response_norm", params, input=x)
    lrn("local_response_norm_backward_size3_c4_n2", randn(2, 4, 2, 2, scale=2.0),
        {"size": 3, "alpha": 0.3, "beta": 0.75, "k": 1.0})
    lrn("local_response_norm_backward_size2_c3", randn(1, 3, 2, 3, scale=2.0),
        {"size": 2, "alpha": 0.5, "beta": 0.75, "k": 1.0})
    lrn("local_response_norm_backward_size5_c7", randn(1, 7, 2, 2, scale=2.0),
        {"size": 5, "alpha": 0.2, "beta": 0.75, "k": 2.0})
    lrn("local_response_norm_backward_size1", randn(1, 2, 3, 3, scale=2.0),
        {"size": 1, "alpha": 0.5, "beta": 0.5, "k": 1.0})
    lrn("local_response_norm_backward_alexnet", randn(1, 6, 2, 2, scale=2.0),
        {"size": 5, "alpha": 1e-4, "beta": 0.75, "k": 2.0})
    return c


# mul and pad came later: they draw from their own generator, so the older cases keep their values.
GEN_LATER = torch.Generator().manual_seed(20261205)


def later_randn(*shape):
    return torch.randn(*shape, generator=GEN_LATER)


def mul_cases():
    c = []
    add = lambda name, x, other: c.append(forward_case(name, "mul", {}, input=x, other=other))
    add("mul_same_shape", later_randn(1, 3, 4, 4), later_randn(1, 3, 4, 4))
    add("mul_squeeze_excitation_gate", later_randn(2, 3, 4, 4), torch.sigmoid(later_randn(2, 3, 1, 1)))
    add("mul_broadcast_lower_rank_other", later_randn(1, 3, 2, 2), later_randn(3, 1, 1))
    add("mul_broadcast_single_value", later_randn(1, 2, 3, 3), torch.tensor([0.5]))
    add("mul_broadcast_input_smaller", later_randn(1, 3, 1, 1), later_randn(2, 3, 2, 3))
    add("mul_error_width_mismatch", later_randn(1, 3, 4, 4), later_randn(1, 3, 4, 5))
    return c


def pad_cases():
    c = []
    add = lambda name, x, params: c.append(forward_case(name, "pad", params, input=x))
    add("pad_constant_zero_all_sides", later_randn(1, 2, 3, 4), {"pad": [1, 2, 0, 3]})
    add("pad_constant_value", later_randn(1, 1, 3, 3), {"pad": [1, 1, 1, 1], "value": -2.5})
    add("pad_constant_width_only", later_randn(2, 1, 2, 3), {"pad": [2, 1]})
    add("pad_reflect_asymmetric", later_randn(1, 2, 4, 5), {"pad": [2, 1, 3, 0], "mode": "reflect"})
    add("pad_replicate", later_randn(1, 1, 3, 3), {"pad": [2, 0, 1, 3], "mode": "replicate"})
    add("pad_circular", later_randn(1, 2, 3, 4), {"pad": [1, 3, 2, 1], "mode": "circular"})
    add("pad_same_upper_for_stride2", later_randn(1, 1, 5, 5), {"pad": [0, 1, 0, 1]})
    add("pad_error_reflect_as_wide_as_input", later_randn(1, 1, 3, 3), {"pad": [3, 3, 0, 0], "mode": "reflect"})
    add("pad_error_reflect_with_value", later_randn(1, 1, 3, 3), {"pad": [1, 1], "mode": "reflect", "value": 1.0})
    add("pad_error_odd_length", later_randn(1, 1, 3, 3), {"pad": [1, 2, 3]})
    return c


def later_backward_cases():
    c = []
    add = lambda name, op, params, **t: c.append(backward_case(name, op, params, **t))
    add("mul_backward_same_shape", "mul", {}, input=later_randn(1, 2, 3, 3), other=later_randn(1, 2, 3, 3))
    add("mul_backward_gate_per_channel", "mul", {}, input=later_randn(2, 3, 2, 2),
        other=later_randn(2, 3, 1, 1))
    add("mul_backward_lower_rank_other", "mul", {}, input=later_randn(1, 2, 2, 3), other=later_randn(3))
    add("pad_backward_constant", "pad", {"pad": [1, 2, 2, 0], "value": 3.0}, input=later_randn(1, 2, 3, 3))
    add("pad_backward_reflect", "pad", {"pad": [2, 1, 1, 2], "mode": "reflect"}, input=later_randn(1, 1, 4, 4))
    add("pad_backward_replicate", "pad", {"pad": [2, 2, 1, 1], "mode": "replicate"}, input=later_randn(1, 1, 3, 3))
    add("pad_backward_circular", "pad", {"pad": [1, 2, 1, 1], "mode": "circular"}, input=later_randn(1, 2, 3, 3))
    return c


def forward_cases():
    return (batch_norm_cases() + dropout_cases() + adaptive_cases("adaptive_avg_pool2d")
            + adaptive_cases("adaptive_max_pool2d") + add_cases() + cat_cases() + clip_cases()
            + lrn_cases())


def check_unique(cases):
    names = [case["name"] for case in cases]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ValueError("duplicate case names: " + ", ".join(duplicates))


def generate(out_dir):
    torch.set_num_threads(1)
    forward = forward_cases()
    backward = backward_cases()
    forward += mul_cases() + pad_cases()
    backward += later_backward_cases()
    check_unique(forward + backward)
    write_cases(out_dir, "modern.json", forward)
    write_cases(out_dir, "modern_backward.json", backward)


if __name__ == "__main__":
    import os
    generate(os.path.dirname(os.path.abspath(__file__)))
