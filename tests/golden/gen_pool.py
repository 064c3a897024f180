"""Golden fixtures of the pooling and pointwise op family, computed by PyTorch (float32, one
thread). Run through generate.py with /usr/bin/python3 (Debian's python3-torch).

Writes
  pool.json               max_pool2d, avg_pool2d, lp_pool2d forward cases and rejected calls
  pointwise.json          relu, leaky_relu, sigmoid, tanh, flatten, linear, softmax,
                          log_softmax, interpolate forward cases and rejected calls
  pool_backward.json      pooling gradients for a given upstream gradient (torch autograd)
  pointwise_backward.json the same for the pointwise ops, plus cross-entropy from logits

Each case is in the eval format (op, input, weight, bias, params) with "expected"
(and "expected_indices" for max_pool2d) or "expected_error": true. Backward cases add
"grad_output" and "expected_grad_input" (linear also "expected_grad_weight" and
"expected_grad_bias").
"""
import torch
import torch.nn.functional as F

from common import tensor_json, write_cases

GEN = torch.Generator().manual_seed(20240611)


def randn(*shape, scale=1.0):
    return torch.randn(*shape, generator=GEN) * scale


def randint(lo, hi, *shape):
    """Whole numbers in [lo, hi): many ties."""
    return torch.randint(lo, hi, shape, generator=GEN).float()


def positive(*shape):
    """Values in [0.25, 2.25): no zero windows, so every gradient is defined."""
    return torch.rand(*shape, generator=GEN) * 2.0 + 0.25


def pair_arg(v):
    return tuple(v) if isinstance(v, list) else v


# ---- how each op is called in torch, from the eval-format params ----

def call_max(x, p):
    out, idx = F.max_pool2d(x, pair_arg(p["kernel_size"]), pair_arg(p.get("stride")),
                            pair_arg(p.get("padding", 0)), pair_arg(p.get("dilation", 1)),
                            ceil_mode=p.get("ceil_mode", False), return_indices=True)
    return out, idx


def call_avg(x, p):
    return F.avg_pool2d(x, pair_arg(p["kernel_size"]), pair_arg(p.get("stride")),
                        pair_arg(p.get("padding", 0)), ceil_mode=p.get("ceil_mode", False),
                        count_include_pad=p.get("count_include_pad", True),
                        divisor_override=p.get("divisor_override"))


def call_lp(x, p):
    return F.lp_pool2d(x, p["norm_type"], pair_arg(p["kernel_size"]), pair_arg(p.get("stride")),
                       ceil_mode=p.get("ceil_mode", False))


def call_interpolate(x, p):
    kw = {"mode": p.get("mode", "nearest")}
    if "size" in p:
        kw["size"] = pair_arg(p["size"])
    if "scale_factor" in p:
        kw["scale_factor"] = pair_arg(p["scale_factor"])
    if "align_corners" in p:
        kw["align_corners"] = p["align_corners"]
    return F.interpolate(x, **kw)


CALLS = {
    "max_pool2d": lambda x, w, b, p: call_max(x, p),
    "avg_pool2d": lambda x, w, b, p: call_avg(x, p),
    "lp_pool2d": lambda x, w, b, p: call_lp(x, p),
    "relu": lambda x, w, b, p: F.relu(x),
    "leaky_relu": lambda x, w, b, p: F.leaky_relu(x, p["negative_slope"]) if "negative_slope" in p
    else F.leaky_relu(x),
    "sigmoid": lambda x, w, b, p: torch.sigmoid(x),
    "tanh": lambda x, w, b, p: torch.tanh(x),
    "flatten": lambda x, w, b, p: torch.flatten(x, p.get("start_dim", 1), p.get("end_dim", -1)),
    "linear": lambda x, w, b, p: F.linear(x, w, b),
    "softmax": lambda x, w, b, p: F.softmax(x, dim=p["dim"]),
    "log_softmax": lambda x, w, b, p: F.log_softmax(x, dim=p["dim"]),
    "interpolate": lambda x, w, b, p: call_interpolate(x, p),
}


def forward_case(name, op, x, params, weight=None, bias=None):
    case = {"name": name, "op": op, "input": tensor_json(x), "params": params}
    if weight is not None:
        case["weight"] = tensor_json(weight)
    if op == "linear":
        case["bias"] = tensor_json(bias) if bias is not None else None
    try:
        out = CALLS[op](x, weight, bias, params)
    except (RuntimeError, ValueError, IndexError, TypeError) as e:
        case["expected_error"] = True
        case["torch_error"] = str(e).split("\n")[0]
        return case
    if isinstance(out, tuple):
        out, idx = out
        case["expected_indices"] = {"shape": list(idx.shape), "data": idx.flatten().tolist()}
    case["expected"] = tensor_json(out)
    return case


def backward_case(name, op, x, params, weight=None, bias=None):
    """Forward case plus torch autograd's gradients for a random upstream gradient."""
    x = x.clone().requires_grad_(True)
    w = weight.clone().requires_grad_(True) if weight is not None else None
    b = bias.clone().requires_grad_(True) if bias is not None else None
    out = CALLS[op](x, w, b, params)
    if isinstance(out, tuple):
        out = out[0]
    grad = randn(*out.shape)
    out.backward(grad)
    case = forward_case(name, op, x.detach(), params, weight, bias)
    case["grad_output"] = tensor_json(grad)
    case["expected_grad_input"] = tensor_json(x.grad)
    if w is not None:
        case["expected_grad_weight"] = tensor_json(w.grad)
    if b is not None:
        case["expected_grad_bias"] = tensor_json(b.grad)
    return case


# ---- pooling ----

def pool_cases():
    c = []
    add = lambda *a, **k: c.append(forward_case(*a, **k))
    # The worked example of the lesson: 2×2 max pooling, stride 2, 24×24 → 12×12.
    add("max_pool2d_24_to_12", "max_pool2d", randn(1, 1, 24, 24), {"kernel_size": 2, "stride": 2})
    add("max_pool2d_stride_null", "max_pool2d", randn(1, 2, 5, 7), {"kernel_size": 2, "stride": None})
    add("max_pool2d_stride_absent", "max_pool2d", randn(2, 3, 6, 6), {"kernel_size": 3})
    add("max_pool2d_k3_s1_p1", "max_pool2d", randn(1, 3, 8, 9),
        {"kernel_size": 3, "stride": 1, "padding": 1})
    add("max_pool2d_k2x3_s1x2_p1x0", "max_pool2d", randn(1, 2, 7, 9),
        {"kernel_size": [2, 3], "stride": [1, 2], "padding": [1, 0]})
    add("max_pool2d_dilation2", "max_pool2d", randn(1, 2, 9, 10),
        {"kernel_size": 3, "stride": 1, "padding": 1, "dilation": 2})
    add("max_pool2d_dilation1x3_s2", "max_pool2d", randn(2, 1, 8, 12),
        {"kernel_size": [2, 3], "stride": 2, "dilation": [1, 3], "padding": [1, 1]})
    add("max_pool2d_ties_quantized", "max_pool2d", randint(0, 3, 2, 3, 8, 8),
        {"kernel_size": 2, "stride": 2})
    add("max_pool2d_ties_overlapping", "max_pool2d", randint(0, 2, 1, 2, 7, 7),
        {"kernel_size": 3, "stride": 1, "padding": 1})
    add("max_pool2d_plateau_first_wins", "max_pool2d", torch.ones(1, 1, 5, 6),
        {"kernel_size": 3, "stride": 2, "padding": 1})
    add("max_pool2d_all_negative_with_padding", "max_pool2d", -positive(1, 2, 5, 5),
        {"kernel_size": 3, "stride": 2, "padding": 1})
    add("max_pool2d_ceil_partial_window", "max_pool2d", randn(1, 1, 8, 8),
        {"kernel_size": 3, "stride": 2, "ceil_mode": True})
    add("max_pool2d_ceil_last_window_dropped", "max_pool2d", randn(1, 2, 9, 5),
        {"kernel_size": 2, "stride": 2, "padding": 1, "ceil_mode": True})
    add("max_pool2d_ceil_same_as_floor", "max_pool2d", randn(1, 1, 8, 8),
        {"kernel_size": 2, "stride": 2, "ceil_mode": True})
    add("max_pool2d_ceil_dilation", "max_pool2d", randn(1, 1, 10, 11),
        {"kernel_size": 3, "stride": 3, "dilation": 2, "padding": 1, "ceil_mode": True})
    add("max_pool2d_kernel_equals_input", "max_pool2d", randn(2, 2, 4, 5), {"kernel_size": [4, 5]})
    add("max_pool2d_single_pixel_padded", "max_pool2d", randn(2, 3, 1, 1),
        {"kernel_size": 3, "stride": 2, "padding": 1})
    add("max_pool2d_error_stride0", "max_pool2d", randn(1, 1, 5, 5), {"kernel_size": 2, "stride": 0})
    add("max_pool2d_error_kernel0", "max_pool2d", randn(1, 1, 5, 5), {"kernel_size": 0})
    add("max_pool2d_error_dilation0", "max_pool2d", randn(1, 1, 5, 5),
        {"kernel_size": 2, "dilation": 0})
    add("max_pool2d_error_padding_over_half", "max_pool2d", randn(1, 1, 5, 5),
        {"kernel_size": 3, "padding": 2})
    add("max_pool2d_error_padding_over_half_undilated", "max_pool2d", randn(1, 1, 9, 9),
        {"kernel_size": 2, "padding": 2, "dilation": 3})
    add("max_pool2d_error_kernel_larger_than_input", "max_pool2d", randn(1, 1, 5, 5), {"kernel_size": 6})
    add("max_pool2d_error_dilated_kernel_too_big", "max_pool2d", randn(1, 1, 5, 5),
        {"kernel_size": 3, "dilation": 3})

    add("avg_pool2d_k2_default_stride", "avg_pool2d", randn(1, 2, 6, 7), {"kernel_size": 2})
    add("avg_pool2d_k3_s2_p1", "avg_pool2d", randn(2, 2, 7, 6), {"kernel_size": 3, "stride": 2, "padding": 1})
    add("avg_pool2d_k3_s2_p1_no_pad_count", "avg_pool2d", randn(1, 2, 7, 6),
        {"kernel_size": 3, "stride": 2, "padding": 1, "count_include_pad": False})
    add("avg_pool2d_k2x3_s2x1_p1x0", "avg_pool2d", randn(2, 1, 6, 5),
        {"kernel_size": [2, 3], "stride": [2, 1], "padding": [1, 0]})
    add("avg_pool2d_divisor_override", "avg_pool2d", randn(1, 3, 5, 5),
        {"kernel_size": 3, "stride": 1, "padding": 1, "divisor_override": 3})
    add("avg_pool2d_divisor_override_negative", "avg_pool2d", randn(1, 1, 4, 4),
        {"kernel_size": 2, "divisor_override": -2})
    add("avg_pool2d_ceil_pad_count", "avg_pool2d", randn(1, 2, 4, 4),
        {"kernel_size": 3, "stride": 2, "padding": 1, "ceil_mode": True})
    add("avg_pool2d_ceil_no_pad_count", "avg_pool2d", randn(1, 1, 8, 10),
        {"kernel_size": 3, "stride": 2, "padding": 1, "ceil_mode": True, "count_include_pad": False})
    add("avg_pool2d_ceil_no_padding", "avg_pool2d", randn(1, 2, 7, 9),
        {"kernel_size": 2, "stride": 2, "ceil_mode": True})
    add("avg_pool2d_ceil_last_window_dropped", "avg_pool2d", randn(1, 3, 1, 7),
        {"kernel_size": 2, "stride": 2, "padding": 1, "ceil_mode": True})
    add("avg_pool2d_ceil_divisor_override", "avg_pool2d", randn(1, 1, 7, 7),
        {"kernel_size": 3, "stride": 2, "padding": 1, "ceil_mode": True, "divisor_override": 5})
    add("avg_pool2d_error_divisor_override0", "avg_pool2d", randn(1, 1, 5, 5),
        {"kernel_size": 2, "divisor_override": 0})
    add("avg_pool2d_error_padding_over_half", "avg_pool2d", randn(1, 1, 5, 5),
        {"kernel_size": [3, 2], "padding": [1, 2]})
    add("avg_pool2d_error_stride0", "avg_pool2d", randn(1, 1, 5, 5), {"kernel_size": 2, "stride": [1, 0]})
    add("avg_pool2d_error_kernel_larger_than_input", "avg_pool2d", randn(1, 1, 3, 8),
        {"kernel_size": [4, 2]})

    add("lp_pool2d_norm2_k2", "lp_pool2d", randn(1, 2, 6, 6), {"norm_type": 2, "kernel_size": 2})
    add("lp_pool2d_norm2p0_stride_null", "lp_pool2d", randn(1, 1, 4, 6),
        {"norm_type": 2.0, "kernel_size": 2, "stride": None})
    add("lp_pool2d_norm1_signed_sum", "lp_pool2d", randn(1, 2, 5, 4),
        {"norm_type": 1, "kernel_size": 2, "stride": 1})
    add("lp_pool2d_norm3_positive", "lp_pool2d", positive(1, 2, 9, 7),
        {"norm_type": 3, "kernel_size": 3, "stride": 2})
    add("lp_pool2d_norm1p5_positive", "lp_pool2d", positive(2, 1, 6, 6),
        {"norm_type": 1.5, "kernel_size": [2, 3], "stride": [2, 1]})
    add("lp_pool2d_norm2_ceil_partial", "lp_pool2d", randn(1, 2, 7, 11),
        {"norm_type": 2, "kernel_size": 2, "stride": 2, "ceil_mode": True})
    add("lp_pool2d_norm1_ceil_partial", "lp_pool2d", randn(1, 3, 8, 8),
        {"norm_type": 1, "kernel_size": 3, "stride": 2, "ceil_mode": True})
    add("lp_pool2d_error_kernel_larger_than_input", "lp_pool2d", randn(1, 1, 5, 5),
        {"norm_type": 2, "kernel_size": 6})
    add("lp_pool2d_error_stride0", "lp_pool2d", randn(1, 1, 5, 5),
        {"norm_type": 2, "kernel_size": 2, "stride": 0})
    return c


# ---- pointwise ----

def pointwise_cases():
    c = []
    add = lambda *a, **k: c.append(forward_case(*a, **k))
    big = torch.tensor([[[[-1000.0, -100.0, -20.0, -1.0, 0.0], [1e-8, 1.0, 20.0, 100.0, 1000.0]]]])
    add("relu_nchw", "relu", randn(1, 3, 4, 5), {})
    add("relu_2d", "relu", randn(3, 7), {})
    add("leaky_relu_default_slope", "leaky_relu", randn(1, 2, 4, 4), {})
    add("leaky_relu_slope0p2", "leaky_relu", randn(2, 3, 3, 4), {"negative_slope": 0.2})
    add("leaky_relu_slope_negative", "leaky_relu", randn(1, 1, 3, 3), {"negative_slope": -0.5})
    add("sigmoid_nchw", "sigmoid", randn(2, 2, 3, 3, scale=3.0), {})
    add("sigmoid_saturation", "sigmoid", big, {})
    add("tanh_nchw", "tanh", randn(1, 3, 3, 4, scale=2.0), {})
    add("tanh_saturation", "tanh", big, {})
    add("flatten_default", "flatten", randn(2, 3, 2, 2), {})
    add("flatten_all", "flatten", randn(2, 3, 2, 2), {"start_dim": 0})
    add("flatten_middle", "flatten", randn(2, 3, 2, 2), {"start_dim": 1, "end_dim": 2})
    add("flatten_negative_dims", "flatten", randn(2, 3, 2, 2), {"start_dim": -2, "end_dim": -1})
    add("flatten_error_start_after_end", "flatten", randn(2, 3, 2, 2), {"start_dim": 2, "end_dim": 1})
    add("flatten_error_dim_out_of_range", "flatten", randn(2, 3), {"start_dim": 2})
    add("linear_in4_out3_bias", "linear", randn(1, 4), {}, randn(3, 4), randn(3))
    add("linear_in6_out5_no_bias", "linear", randn(2, 6), {}, randn(5, 6), None)
    add("linear_in12_out10_n3_bias", "linear", randn(3, 12), {}, randn(10, 12), randn(10))
    add("linear_3d_input", "linear", randn(2, 3, 5), {}, randn(4, 5), randn(4))
    add("linear_error_in_features_mismatch", "linear", randn(2, 3), {}, randn(4, 5), None)
    add("softmax_dim1_logits", "softmax", randn(3, 5, scale=2.0), {"dim": 1})
    add("softmax_dim0", "softmax", randn(3, 4), {"dim": 0})
    add("softmax_dim_minus1_nchw", "softmax", randn(1, 2, 3, 4), {"dim": -1})
    add("softmax_dim1_nchw", "softmax", randn(2, 4, 3, 3), {"dim": 1})
    add("softmax_large_logits_stable", "softmax", torch.tensor([[1000.0, 999.0, -1000.0], [88.0, 89.0, 90.0]]),
        {"dim": 1})
    add("softmax_error_dim_out_of_range", "softmax", randn(1, 2, 3, 3), {"dim": 4})
    add("softmax_error_negative_dim_out_of_range", "softmax", randn(2, 3), {"dim": -3})
    add("log_softmax_dim1", "log_softmax", randn(3, 6, scale=2.0), {"dim": 1})
    add("log_softmax_large_logits_stable", "log_softmax",
        torch.tensor([[1000.0, 0.0, -1000.0], [50.0, 50.0, 50.0]]), {"dim": -1})
    add("log_softmax_dim2_nchw", "log_softmax", randn(1, 2, 3, 4), {"dim": 2})
    add("interpolate_nearest_scale2", "interpolate", randn(1, 1, 3, 4), {"scale_factor": 2, "mode": "nearest"})
    add("interpolate_nearest_scale2x3", "interpolate", randn(1, 2, 3, 2), {"scale_factor": [2, 3], "mode": "nearest"})
    add("interpolate_nearest_size7x5", "interpolate", randn(1, 2, 4, 3), {"size": [7, 5], "mode": "nearest"})
    add("interpolate_nearest_size3", "interpolate", randn(1, 1, 7, 7), {"size": 3})
    add("interpolate_nearest_scale0p5", "interpolate", randn(1, 2, 8, 6), {"scale_factor": 0.5, "mode": "nearest"})
    add("interpolate_nearest_scale0p7", "interpolate", randn(1, 1, 9, 10), {"scale_factor": 0.7, "mode": "nearest"})
    add("interpolate_nearest_scale1p1_same_size", "interpolate", randn(1, 1, 5, 5), {"scale_factor": 1.1})
    add("interpolate_nearest_scale2p5", "interpolate", randn(2, 1, 3, 4), {"scale_factor": 2.5})
    add("interpolate_bilinear_scale2_default_ac", "interpolate", randn(1, 1, 3, 3),
        {"scale_factor": 2, "mode": "bilinear"})
    add("interpolate_bilinear_scale2_noac", "interpolate", randn(1, 2, 3, 4),
        {"scale_factor": 2.0, "mode": "bilinear", "align_corners": False})
    add("interpolate_bilinear_scale2_ac", "interpolate", randn(1, 2, 3, 3),
        {"scale_factor": 2, "mode": "bilinear", "align_corners": True})
    add("interpolate_bilinear_scale1p5", "interpolate", randn(1, 1, 5, 5),
        {"scale_factor": 1.5, "mode": "bilinear"})
    add("interpolate_bilinear_scale0p6x1p7", "interpolate", randn(1, 2, 10, 6),
        {"scale_factor": [0.6, 1.7], "mode": "bilinear"})
    add("interpolate_bilinear_size5x7_ac", "interpolate", randn(1, 1, 4, 5),
        {"size": [5, 7], "mode": "bilinear", "align_corners": True})
    add("interpolate_bilinear_size1x1_ac", "interpolate", randn(1, 1, 5, 5),
        {"size": [1, 1], "mode": "bilinear", "align_corners": True})
    add("interpolate_bilinear_downsize_noac", "interpolate", randn(2, 1, 9, 8),
        {"size": [4, 3], "mode": "bilinear", "align_corners": False})
    add("interpolate_error_nearest_with_align_corners", "interpolate", randn(1, 1, 3, 3),
        {"scale_factor": 2, "mode": "nearest", "align_corners": False})
    add("interpolate_error_size_and_scale_factor", "interpolate", randn(1, 1, 3, 3),
        {"size": [6, 6], "scale_factor": 2, "mode": "nearest"})
    add("interpolate_error_neither_size_nor_scale", "interpolate", randn(1, 1, 3, 3), {"mode": "nearest"})
    return c


# ---- backward ----

def pool_backward_cases():
    c = []
    add = lambda *a, **k: c.append(backward_case(*a, **k))
    add("max_pool2d_backward_k2_s2", "max_pool2d", randn(1, 2, 6, 6), {"kernel_size": 2, "stride": 2})
    add("max_pool2d_backward_overlapping_k3_s1_p1", "max_pool2d", randn(2, 1, 5, 6),
        {"kernel_size": 3, "stride": 1, "padding": 1})
    add("max_pool2d_backward_ties", "max_pool2d", randint(0, 2, 1, 2, 6, 6),
        {"kernel_size": 3, "stride": 1, "padding": 1})
    add("max_pool2d_backward_dilation_ceil", "max_pool2d", randn(1, 1, 9, 8),
        {"kernel_size": 2, "stride": 2, "dilation": 2, "padding": 1, "ceil_mode": True})
    add("avg_pool2d_backward_k2_s2", "avg_pool2d", randn(1, 2, 6, 6), {"kernel_size": 2})
    add("avg_pool2d_backward_k3_s1_p1", "avg_pool2d", randn(1, 1, 5, 5),
        {"kernel_size": 3, "stride": 1, "padding": 1})
    add("avg_pool2d_backward_no_pad_count_ceil", "avg_pool2d", randn(1, 2, 7, 8),
        {"kernel_size": 3, "stride": 2, "padding": 1, "ceil_mode": True, "count_include_pad": False})
    add("avg_pool2d_backward_pad_count_ceil", "avg_pool2d", randn(1, 1, 7, 8),
        {"kernel_size": 3, "stride": 2, "padding": 1, "ceil_mode": True})
    add("avg_pool2d_backward_divisor_override", "avg_pool2d", randn(2, 1, 5, 5),
        {"kernel_size": [2, 3], "stride": [1, 2], "divisor_override": 4})
    add("lp_pool2d_backward_norm2", "lp_pool2d", randn(1, 2, 6, 6), {"norm_type": 2, "kernel_size": 2})
    add("lp_pool2d_backward_norm1", "lp_pool2d", randn(1, 1, 5, 5),
        {"norm_type": 1, "kernel_size": 2, "stride": 1})
    add("lp_pool2d_backward_norm3_ceil", "lp_pool2d", positive(1, 1, 7, 7),
        {"norm_type": 3, "kernel_size": 3, "stride": 2, "ceil_mode": True})
    add("lp_pool2d_backward_norm1p5", "lp_pool2d", positive(1, 2, 6, 5),
        {"norm_type": 1.5, "kernel_size": [2, 2], "stride": [2, 1]})
    return c


def pointwise_backward_cases():
    c = []
    add = lambda *a, **k: c.append(backward_case(*a, **k))
    add("relu_backward", "relu", randn(1, 2, 4, 4), {})
    add("leaky_relu_backward", "leaky_relu", randn(1, 2, 4, 4), {"negative_slope": 0.1})
    add("sigmoid_backward", "sigmoid", randn(1, 2, 3, 5, scale=3.0), {})
    add("tanh_backward", "tanh", randn(1, 2, 3, 5, scale=2.0), {})
    add("flatten_backward", "flatten", randn(2, 3, 2, 2), {})
    add("linear_backward_bias", "linear", randn(3, 5), {}, randn(4, 5), randn(4))
    add("linear_backward_no_bias", "linear", randn(2, 6), {}, randn(3, 6), None)
    add("softmax_backward_dim1", "softmax", randn(3, 5), {"dim": 1})
    add("log_softmax_backward_dim1", "log_softmax", randn(3, 5), {"dim": 1})
    add("interpolate_backward_nearest_scale2", "interpolate", randn(1, 1, 3, 4), {"scale_factor": 2})
    add("interpolate_backward_bilinear_noac", "interpolate", randn(1, 2, 4, 3),
        {"scale_factor": 1.5, "mode": "bilinear"})
    add("interpolate_backward_bilinear_ac", "interpolate", randn(1, 1, 3, 4),
        {"size": [5, 7], "mode": "bilinear", "align_corners": True})
    # Cross-entropy from logits, mean over the batch.
    for name, logits in [("cross_entropy_logits", randn(4, 5, scale=2.0)),
                         ("cross_entropy_large_logits", torch.tensor([[1000.0, -1000.0, 0.0],
                                                                      [0.0, 500.0, 499.0]]))]:
        targets = torch.randint(0, logits.shape[1], (logits.shape[0],), generator=GEN)
        z = logits.clone().requires_grad_(True)
        loss = F.cross_entropy(z, targets)
        loss.backward()
        c.append({"name": name, "op": "cross_entropy", "logits": tensor_json(logits),
                  "targets": targets.tolist(), "expected_loss": float(loss),
                  "expected_grad_logits": tensor_json(z.grad)})
    return c


def generate(out_dir):
    torch.set_num_threads(1)
    write_cases(out_dir, "pool.json", pool_cases())
    write_cases(out_dir, "pointwise.json", pointwise_cases())
    write_cases(out_dir, "pool_backward.json", pool_backward_cases())
    write_cases(out_dir, "pointwise_backward.json", pointwise_backward_cases())


if __name__ == "__main__":
    import os
    generate(os.path.dirname(os.path.abspath(__file__)))
