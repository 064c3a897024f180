"""Golden fixtures of the conv op family: conv2d.json, conv1d.json, conv_transpose2d.json and
conv_backward.json. Run through generate.py with Debian's torch (/usr/bin/python3)."""
import torch
import torch.nn.functional as F

from common import tensor_json, write_cases


def quantized(*shape, seed):
    """Values k/16 in [-2, 2): products and short sums are exact in float32."""
    g = torch.Generator().manual_seed(seed)
    return torch.randint(-32, 32, shape, generator=g).float() / 16


def normal(*shape, seed):
    g = torch.Generator().manual_seed(seed)
    return torch.randn(*shape, generator=g)


def pair(v):
    return tuple(v) if isinstance(v, (list, tuple)) else (v, v)


def mode_pads(padding, dilation, kernel):
    """F.pad's pads, last dimension first, as torch.nn.ConvNd computes them for padding_mode."""
    pads = []
    for p, d, k in reversed(list(zip(padding, dilation, kernel))):
        if p == "same":
            total = d * (k - 1)
            pads += [total // 2, total - total // 2]
        else:
            pads += [p, p]
    return pads


def padded_conv(conv, x, w, b, stride, padding, dilation, groups, padding_mode, dims):
    """torch.nn.ConvNd's forward for padding_mode != zeros: F.pad, then conv with padding 0
    (functional, so that autograd reaches w and b)."""
    norm = lambda v: list(v) if isinstance(v, (list, tuple)) else [v] * dims
    if padding == "same" and any(s != 1 for s in norm(stride)):
        raise ValueError("padding='same' is not supported for strided convolutions")
    pad = ["valid" if padding == "valid" else padding] if isinstance(padding, str) else padding
    pad = [0] * dims if padding == "valid" else (["same"] * dims if padding == "same" else norm(pad))
    x = F.pad(x, mode_pads(pad, norm(dilation), list(w.shape[2:])), mode=padding_mode)
    return conv(x, w, b, stride, 0, dilation, groups)


def torch_conv2d(x, w, b, stride=1, padding=0, dilation=1, groups=1, padding_mode="zeros",
                 flip=False):
    """conv2d as the engine defines it: torch.nn.Conv2d's padding_mode, flip = kernel rotated."""
    if flip:
        w = torch.flip(w, [2, 3])
    if padding_mode == "zeros":
        return F.conv2d(x, w, b, stride, padding, dilation, groups)
    return padded_conv(F.conv2d, x, w, b, stride, padding, dilation, groups, padding_mode, 2)


def torch_conv1d(x, w, b, stride=1, padding=0, dilation=1, groups=1, padding_mode="zeros",
                 flip=False):
    if flip:
        w = torch.flip(w, [2])
    if padding_mode == "zeros":
        return F.conv1d(x, w, b, stride, padding, dilation, groups)
    return padded_conv(F.conv1d, x, w, b, stride, padding, dilation, groups, padding_mode, 1)


def torch_conv_transpose2d(x, w, b, stride=1, padding=0, output_padding=0, dilation=1, groups=1):
    return F.conv_transpose2d(x, w, b, stride, padding, output_padding, groups, dilation)


FUNCS = {"conv2d": torch_conv2d, "conv1d": torch_conv1d,
         "conv_transpose2d": torch_conv_transpose2d}


def case(op, name, x, w, b=None, **params):
    """An eval-format case with torch's answer, or expected_error when torch rejects it."""
    c = {"name": name, "op": op, "input": tensor_json(x), "weight": tensor_json(w),
         "bias": None if b is None else tensor_json(b), "params": params}
    try:
        with torch.no_grad():
            c["expected"] = tensor_json(FUNCS[op](x, w, b, **params))
    except (RuntimeError, ValueError, AssertionError) as e:
        c["expected_error"] = True
        c["torch_error"] = str(e).split("\n")[0]
    return c


def conv2d_cases():
    cs = []
    add = lambda *a, **k: cs.append(case("conv2d", *a, **k))
    q, r = quantized, normal
    # Parameters one at a time, then together.
    add("k3_p1_bias", q(1, 2, 5, 6, seed=1), q(3, 2, 3, 3, seed=2), q(3, seed=3), padding=1)
    add("k1_pointwise", q(2, 3, 4, 4, seed=4), q(5, 3, 1, 1, seed=5))
    add("k5_p2_normal_data", r(1, 3, 9, 8, seed=6), r(4, 3, 5, 5, seed=7), r(4, seed=8), padding=2)
    add("k1x3_padding_pair", q(1, 2, 4, 7, seed=9), q(2, 2, 1, 3, seed=10), padding=[0, 1])
    add("stride2", q(1, 2, 7, 8, seed=11), q(3, 2, 3, 3, seed=12), stride=2, padding=1)
    add("stride_1x3", q(1, 1, 6, 11, seed=13), q(2, 1, 2, 2, seed=14), stride=[1, 3])
    add("stride3_leaves_cells_unread", q(1, 1, 8, 8, seed=15), q(1, 1, 3, 3, seed=16), stride=3)
    add("dilation2", q(1, 2, 9, 9, seed=17), q(2, 2, 3, 3, seed=18), dilation=2)
    add("dilation_1x2_padding3", q(1, 1, 6, 9, seed=19), q(2, 1, 3, 3, seed=20), dilation=[1, 2],
        padding=3)
    add("groups2", q(1, 4, 5, 5, seed=21), q(6, 2, 3, 3, seed=22), q(6, seed=23), groups=2,
        padding=1)
    add("depthwise", q(2, 3, 6, 6, seed=24), q(3, 1, 3, 3, seed=25), groups=3, padding=1)
    add("depthwise_multiplier2", q(1, 2, 5, 5, seed=26), q(4, 1, 3, 3, seed=27), groups=2)
    add("many_channels_normal", r(2, 16, 7, 9, seed=28), r(10, 16, 3, 3, seed=29), r(10, seed=30),
        padding=1)
    add("wide_row_normal", r(1, 3, 5, 70, seed=31), r(7, 3, 3, 3, seed=32), r(7, seed=33),
        padding=1)
    add("stride2_dilation2_pad2_groups2", r(1, 4, 11, 12, seed=34), r(6, 2, 3, 3, seed=35),
        stride=2, dilation=2, padding=2, groups=2)
    # Padding modes.
    for mode in ("zeros", "reflect", "replicate", "circular"):
        add(f"{mode}_p1", q(1, 2, 5, 6, seed=40), q(2, 2, 3, 3, seed=41), q(2, seed=42), padding=1,
            padding_mode=mode)
        add(f"{mode}_p2x1_stride2", q(1, 1, 6, 7, seed=43), q(2, 1, 3, 3, seed=44),
            padding=[2, 1], stride=2, padding_mode=mode)
        add(f"{mode}_same_even_kernel_dilated", q(1, 2, 6, 6, seed=45), q(1, 2, 2, 4, seed=46),
            padding="same", dilation=[1, 2], padding_mode=mode)
        add(f"{mode}_flip", q(1, 1, 5, 5, seed=47), q(1, 1, 3, 2, seed=48), padding=1,
            padding_mode=mode, flip=True)
    add("replicate_pad_larger_than_input", q(1, 1, 2, 3, seed=49), q(1, 1, 3, 3, seed=50),
        padding=4, padding_mode="replicate")
    add("circular_pad_equal_to_input", q(1, 1, 3, 3, seed=51), q(1, 1, 3, 3, seed=52), padding=3,
        padding_mode="circular")
    # flip, same, valid.
    add("flip_asymmetric_kernel", q(1, 1, 5, 5, seed=53), q(1, 1, 2, 3, seed=54), flip=True)
    add("flip_groups_stride", q(1, 4, 7, 7, seed=55), q(4, 2, 3, 3, seed=56), groups=2, stride=2,
        flip=True)
    add("same_odd_kernel", q(1, 2, 5, 7, seed=57), q(3, 2, 3, 5, seed=58), q(3, seed=59),
        padding="same")
    add("same_even_kernel", q(1, 1, 4, 5, seed=60), q(1, 1, 2, 2, seed=61), padding="same")
    add("same_kernel_larger_than_input", q(1, 2, 2, 3, seed=62), q(1, 2, 5, 5, seed=63),
        padding="same")
    add("valid", q(1, 2, 5, 5, seed=64), q(1, 2, 3, 3, seed=65), q(1, seed=66), padding="valid")
    add("single_row_image", q(1, 1, 1, 9, seed=67), q(2, 1, 1, 3, seed=68), padding=[0, 1])
    # Worked examples of the lessons.
    torch.manual_seed(0)
    conv = torch.nn.Conv2d(3, 3, kernel_size=5, bias=False)
    add("text_arange216_c3_k5", torch.arange(216.0).reshape(2, 3, 6, 6), conv.weight.detach())
    torch.manual_seed(0)
    conv = torch.nn.Conv2d(8, 4, groups=4, kernel_size=5)
    add("text_groups4_ones_k5", torch.ones(3, 8, 6, 6), conv.weight.detach(), conv.bias.detach(),
        groups=4)
    edge = torch.ones(6, 8)
    edge[:, 2:6] = 0
    add("text_edge_detect", edge.reshape(1, 1, 6, 8), torch.tensor([[[[1.0, -1.0]]]]))
    # Errors: each rule torch enforces.
    x, w = q(1, 2, 5, 5, seed=70), q(3, 2, 3, 3, seed=71)
    add("error_stride0", x, w, stride=0)
    add("error_dilation0", x, w, dilation=0)
    add("error_negative_padding", x, w, padding=-1)
    add("error_kernel_larger_than_input", q(1, 2, 2, 4, seed=72), w)
    add("error_kernel_larger_than_padded_input", q(1, 1, 2, 2, seed=73), q(1, 1, 5, 5, seed=74),
        padding=1)
    add("error_dilated_kernel_larger_than_input", x, w, dilation=3)
    add("error_groups_not_dividing_in_channels", q(1, 3, 5, 5, seed=75), q(2, 1, 3, 3, seed=76),
        groups=2)
    add("error_groups_not_dividing_out_channels", q(1, 4, 5, 5, seed=77), w, groups=2)
    add("error_weight_in_channels_mismatch", q(1, 3, 5, 5, seed=78), w)
    add("error_bias_length_mismatch", x, w, q(2, seed=79))
    add("error_same_with_stride2", x, w, stride=2, padding="same")
    add("error_same_with_stride_1x2", x, w, stride=[1, 2], padding="same")
    add("error_reflect_padding_not_smaller_than_input", q(1, 2, 3, 3, seed=80), w, padding=3,
        padding_mode="reflect")
    add("error_circular_padding_larger_than_input", q(1, 2, 3, 3, seed=81), w, padding=4,
        padding_mode="circular")
    return cs


def conv1d_cases():
    cs = []
    add = lambda *a, **k: cs.append(case("conv1d", *a, **k))
    q, r = quantized, normal
    add("text_groups3", torch.arange(24.0).reshape(2, 3, 4), torch.arange(6.0).reshape(3, 1, 2),
        groups=3)
    add("k3_p1_bias", q(2, 2, 9, seed=1), q(3, 2, 3, seed=2), q(3, seed=3), padding=1)
    add("stride2_dilation2", r(1, 3, 20, seed=4), r(2, 3, 3, seed=5), stride=2, dilation=2)
    add("same_even_kernel", q(1, 1, 7, seed=6), q(2, 1, 4, seed=7), padding="same")
    add("valid", q(1, 2, 6, seed=8), q(1, 2, 3, seed=9), padding="valid")
    for mode in ("reflect", "replicate", "circular"):
        add(f"{mode}_p2", q(1, 2, 6, seed=10), q(2, 2, 3, seed=11), padding=2, padding_mode=mode)
    add("flip", q(1, 1, 8, seed=12), q(1, 1, 3, seed=13), flip=True)
    add("long_signal_normal", r(1, 4, 300, seed=14), r(5, 4, 7, seed=15), r(5, seed=16),
        padding=3)
    x, w = q(1, 2, 6, seed=20), q(2, 2, 3, seed=21)
    add("error_stride0", x, w, stride=0)
    add("error_kernel_longer_than_input", q(1, 2, 2, seed=22), w)
    add("error_same_with_stride2", x, w, stride=2, padding="same")
    add("error_channels_mismatch", q(1, 3, 6, seed=23), w)
    add("error_reflect_padding_too_large", x, w, padding=6, padding_mode="reflect")
    return cs


def conv_transpose2d_cases():
    cs = []
    add = lambda *a, **k: cs.append(case("conv_transpose2d", *a, **k))
    q, r = quantized, normal
    add("text_3x3_s2_p1", q(1, 1, 3, 3, seed=1), q(1, 1, 3, 3, seed=2), stride=2, padding=1)
    add("text_3x3_s2_p1_op1", q(1, 1, 3, 3, seed=1), q(1, 1, 3, 3, seed=2), stride=2, padding=1,
        output_padding=1)
    add("text_32_to_64", r(1, 2, 32, 32, seed=3), r(2, 3, 3, 3, seed=4), r(3, seed=5), stride=2,
        padding=1, output_padding=1)
    add("k3_s1_p0", q(1, 2, 4, 5, seed=6), q(2, 3, 3, 3, seed=7))
    add("k2_s2_bias", q(2, 2, 3, 4, seed=8), q(2, 2, 2, 2, seed=9), q(2, seed=10), stride=2)
    add("k4_s2_p1_bias", q(1, 3, 4, 4, seed=11), q(3, 2, 4, 4, seed=12), q(2, seed=13), stride=2,
        padding=1)
    add("k3_s3_p2_op2", q(1, 1, 3, 4, seed=14), q(1, 2, 3, 3, seed=15), stride=3, padding=2,
        output_padding=2)
    add("stride_1x2_op_0x1", q(1, 2, 4, 3, seed=16), q(2, 1, 1, 3, seed=17), stride=[1, 2],
        output_padding=[0, 1])
    add("dilation2x1", q(1, 2, 5, 3, seed=18), q(2, 1, 2, 3, seed=19), stride=2, padding=[0, 1],
        dilation=[2, 1])
    add("output_padding_below_dilation", q(1, 2, 5, 2, seed=20), q(2, 3, 3, 3, seed=21),
        padding=1, output_padding=1, dilation=2)
    add("groups2", q(1, 4, 3, 3, seed=22), q(4, 2, 3, 3, seed=23), q(4, seed=24), stride=2,
        padding=1, groups=2)
    add("padding_beyond_kernel_negative_border", q(1, 1, 5, 5, seed=25), q(1, 1, 2, 2, seed=26),
        stride=2, padding=2)
    add("stride_larger_than_kernel", q(1, 1, 3, 3, seed=27), q(1, 1, 2, 2, seed=28), stride=3)
    add("many_channels_normal", r(2, 8, 6, 7, seed=29), r(8, 5, 3, 3, seed=30), r(5, seed=31),
        stride=2, padding=1, output_padding=1)
    add("wide_row_normal", r(1, 3, 4, 50, seed=32), r(3, 6, 3, 3, seed=33), stride=[1, 2],
        padding=1)
    x, w = q(1, 2, 3, 3, seed=40), q(2, 1, 3, 3, seed=41)
    add("error_negative_padding", x, w, padding=-1)
    add("error_stride0", x, w, stride=0)
    add("error_output_padding_not_below_stride_or_dilation", x, w, stride=2, output_padding=2)
    add("error_output_size_not_positive", q(1, 2, 1, 1, seed=42), q(2, 1, 2, 2, seed=43),
        padding=1)
    add("error_in_channels_mismatch", q(1, 3, 3, 3, seed=44), w)
    add("error_bias_length_mismatch", x, w, q(3, seed=45))
    add("error_groups_not_dividing_in_channels", q(1, 3, 3, 3, seed=46), q(3, 1, 3, 3, seed=47),
        groups=2)
    return cs


def backward_case(op, name, x, w, b=None, **params):
    """Forward case plus torch autograd's gradients for a given upstream gradient."""
    x, w = x.clone().requires_grad_(), w.clone().requires_grad_()
    b = None if b is None else b.clone().requires_grad_()
    out = FUNCS[op](x, w, b, **params)
    grad_out = quantized(*out.shape, seed=99)
    out.backward(grad_out)
    c = {"name": name, "op": op, "input": tensor_json(x), "weight": tensor_json(w),
         "bias": None if b is None else tensor_json(b), "params": params,
         "expected": tensor_json(out), "grad_output": tensor_json(grad_out),
         "expected_grad_input": tensor_json(x.grad), "expected_grad_weight": tensor_json(w.grad),
         "expected_grad_bias": None if b is None else tensor_json(b.grad)}
    return c


def backward_cases():
    cs = []
    q, r = quantized, normal
    add2 = lambda *a, **k: cs.append(backward_case("conv2d", *a, **k))
    add2("conv2d_k3_p1_bias", q(2, 2, 5, 6, seed=1), q(3, 2, 3, 3, seed=2), q(3, seed=3),
         padding=1)
    add2("conv2d_stride2_dilation2_groups2", r(1, 4, 9, 10, seed=4), r(6, 2, 3, 3, seed=5),
         r(6, seed=6), stride=2, dilation=2, padding=1, groups=2)
    add2("conv2d_stride_leaves_cells_unread", q(1, 1, 8, 8, seed=7), q(2, 1, 3, 3, seed=8),
         stride=3)
    add2("conv2d_same_even_kernel", q(1, 2, 5, 5, seed=9), q(2, 2, 2, 4, seed=10),
         padding="same")
    for mode in ("reflect", "replicate", "circular"):
        add2(f"conv2d_{mode}", q(1, 2, 5, 6, seed=11), q(2, 2, 3, 3, seed=12), q(2, seed=13),
             padding=[2, 1], padding_mode=mode)
    add2("conv2d_flip_depthwise", q(1, 3, 6, 6, seed=14), q(3, 1, 3, 2, seed=15), groups=3,
         padding=1, flip=True)
    add1 = lambda *a, **k: cs.append(backward_case("conv1d", *a, **k))
    add1("conv1d_stride2_bias", q(2, 2, 11, seed=16), q(3, 2, 3, seed=17), q(3, seed=18),
         stride=2, padding=1)
    add1("conv1d_reflect", q(1, 2, 7, seed=19), q(2, 2, 3, seed=20), padding=2,
         padding_mode="reflect")
    addt = lambda *a, **k: cs.append(backward_case("conv_transpose2d", *a, **k))
    addt("conv_transpose2d_s2_p1_op1_bias", q(2, 2, 3, 4, seed=21), q(2, 3, 3, 3, seed=22),
         q(3, seed=23), stride=2, padding=1, output_padding=1)
    addt("conv_transpose2d_groups2_dilation2", r(1, 4, 4, 3, seed=24), r(4, 1, 2, 3, seed=25),
         stride=[2, 1], dilation=2, groups=2, output_padding=[1, 0])
    return cs


def generate(out_dir):
    write_cases(out_dir, "conv2d.json", conv2d_cases())
    write_cases(out_dir, "conv1d.json", conv1d_cases())
    write_cases(out_dir, "conv_transpose2d.json", conv_transpose2d_cases())
    write_cases(out_dir, "conv_backward.json", backward_cases())


if __name__ == "__main__":
    import os
    torch.set_num_threads(1)
    generate(os.path.dirname(os.path.abspath(__file__)))
