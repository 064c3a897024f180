#!/usr/bin/python3
"""ONNX models for the importer's tests, exported by PyTorch (torch.onnx.export, opset 11) with
small random weights, and what PyTorch computes for one input. Run with /usr/bin/python3
(Debian's python3-torch); writes onnx/<name>.onnx and onnx/expected.json:
  {"generator", "models": [{"file", "input", "expected", "nodes"}]}
where "input" and "expected" are {"shape", "data"} tensors (the model in eval mode) and
"nodes" the number of ONNX nodes the exporter wrote.

The models cover the operators the importer maps: Conv (groups, dilation, stride, padding),
BatchNormalization, Relu, LeakyRelu, Sigmoid, Tanh, Clip (ReLU6, as min/max inputs at opset
11), MaxPool (ceil_mode), AveragePool (count_include_pad), GlobalAveragePool, GlobalMaxPool,
Add, Concat, Flatten, Gemm, Dropout, Softmax (the exporter folds a BatchNormalization that
follows a Conv into the Conv, and writes F.local_response_norm as a dozen elementary ops);
the decoder adds ConvTranspose, Pad (as the exporter's chain of shape arithmetic), Resize
(nearest by scale, bilinear by size), Sub, Div, Mul and MatMul. windows.onnx is written with
onnx.helper for what PyTorch never exports: auto_pad SAME_UPPER and SAME_LOWER, unequal pads,
LpPool, Pad in edge mode, ConvTranspose with output_shape; its expected output is the same
computation in PyTorch with the padding spelled out."""
import io
import json
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

from common import tensor_json

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "onnx")


class ResidualNet(nn.Module):
    """A ResNet basic block between a stem and a classifier."""

    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(3, 8, 3, stride=2, padding=1, bias=False)
        self.bn0 = nn.BatchNorm2d(8)
        self.pool = nn.MaxPool2d(3, stride=2, padding=1, ceil_mode=True)
        self.conv1 = nn.Conv2d(8, 8, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(8)
        self.conv2 = nn.Conv2d(8, 8, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(8)
        self.bn3 = nn.BatchNorm2d(8)  # after the add: exported as BatchNormalization, not folded
        self.fc = nn.Linear(8, 5)

    def forward(self, x):
        x = self.pool(F.relu(self.bn0(self.stem(x))))
        y = F.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        x = F.relu(self.bn3(x + y))
        x = F.adaptive_avg_pool2d(x, 1)
        return self.fc(torch.flatten(x, 1))


class InceptionNet(nn.Module):
    """Four parallel paths joined by concatenation, ReLU6 and LeakyReLU, a global max pool."""

    def __init__(self):
        super().__init__()
        self.b1 = nn.Conv2d(2, 3, 1)
        self.b2a = nn.Conv2d(2, 2, 1)
        self.b2 = nn.Conv2d(2, 4, 3, padding=2, dilation=2)
        self.b3 = nn.Conv2d(2, 2, 5, padding=2, groups=2)
        self.b4 = nn.Conv2d(2, 1, 1)
        self.head = nn.Linear(10, 3)
        self.dropout = nn.Dropout(0.5)

    def forward(self, x):
        p1 = F.relu6(self.b1(x))
        p2 = torch.tanh(self.b2(F.leaky_relu(self.b2a(x), 0.2)))
        p3 = torch.sigmoid(self.b3(x))
        p4 = self.b4(F.avg_pool2d(x, 3, stride=1, padding=1, count_include_pad=False))
        x = torch.cat([p1, p2, p3, p4], dim=1)
        x = F.adaptive_max_pool2d(x, 1).flatten(1)
        return F.softmax(self.head(self.dropout(x)), dim=1)


class Decoder(nn.Module):
    """Upsampling paths: transposed convolutions, padding, resizing, a gate, a dense head."""

    def __init__(self):
        super().__init__()
        self.up1 = nn.ConvTranspose2d(3, 4, 3, stride=2, padding=1, output_padding=1)
        self.up2 = nn.ConvTranspose2d(4, 4, 2, stride=2, groups=2, bias=False)
        self.squeeze = nn.Conv2d(4, 4, 1)
        self.w = nn.Parameter(torch.randn(36, 5) * 0.3)

    def forward(self, x):
        x = (x - 0.5) / 0.25
        x = F.pad(x, (1, 2, 0, 1), mode="reflect")
        x = F.relu(self.up1(x))
        x = F.pad(x, (0, 1, 1, 0), value=0.5)
        x = F.interpolate(x, scale_factor=2, mode="nearest")
        x = F.max_pool2d(x, 2)
        x = x * torch.sigmoid(self.squeeze(F.adaptive_avg_pool2d(x, 1)))
        x = F.interpolate(x, size=(7, 9), mode="bilinear", align_corners=False)
        x = self.up2(x) * 2.0 + 1.0
        x = F.interpolate(x, size=(5, 6), mode="bilinear", align_corners=True)
        x = F.avg_pool2d(x, 2, ceil_mode=True).flatten(1)
        return torch.matmul(x, self.w)


def windows_model():
    """A model written node by node, and the same computation in PyTorch."""
    import onnx
    from onnx import helper, numpy_helper, TensorProto
    torch.manual_seed(3)
    w1, b1 = torch.randn(3, 2, 3, 3) * 0.4, torch.randn(3) * 0.1
    wt, bt = torch.randn(3, 2, 3, 3) * 0.4, torch.randn(2) * 0.1
    gate = torch.tensor([[[1.5]], [[-0.5]]])
    dense = torch.randn(2, 4)
    inits = [numpy_helper.from_array(t.numpy(), name) for t, name in
             [(w1, "w1"), (b1, "b1"), (wt, "wt"), (bt, "bt"), (gate, "gate"), (dense, "dense"),
              (torch.tensor([0.25]), "shift"), (torch.zeros(0), "roi"),
              (torch.tensor([1.0, 1.0, 2.0, 2.0]), "scales")]]
    inits.append(numpy_helper.from_array(
        torch.tensor([0, 0, 1, 0, 0, 0, 0, 2], dtype=torch.int64).numpy(), "edge_pads"))
    node = helper.make_node
    nodes = [
        node("Conv", ["image", "w1", "b1"], ["c"], name="same_upper_conv", auto_pad="SAME_UPPER",
             strides=[2, 2], kernel_shape=[3, 3]),
        node("MaxPool", ["c"], ["m"], name="unequal_max", kernel_shape=[2, 2], pads=[0, 0, 1, 1]),
        node("AveragePool", ["m"], ["a"], name="same_lower_avg", kernel_shape=[3, 3],
             strides=[2, 2], auto_pad="SAME_LOWER", count_include_pad=1),
        node("LpPool", ["a"], ["l"], name="lp", kernel_shape=[2, 2], p=2, pads=[1, 1, 0, 0]),
        node("Pad", ["l", "edge_pads"], ["p"], name="edge_pad", mode="edge"),
        node("ConvTranspose", ["p", "wt", "bt"], ["t"], name="shaped_transpose", strides=[2, 2],
             output_shape=[8, 10]),
        node("Resize", ["t", "roi", "scales"], ["r"], name="nearest_resize", mode="nearest",
             coordinate_transformation_mode="asymmetric", nearest_mode="floor"),
        node("Mul", ["r", "gate"], ["g"], name="gate_mul"),
        node("Sub", ["g", "shift"], ["s"], name="shift_sub"),
        node("GlobalAveragePool", ["s"], ["gap"], name="gap"),
        node("Flatten", ["gap"], ["f"], name="flatten"),
        node("MatMul", ["f", "dense"], ["scores"], name="dense_matmul"),
    ]
    graph = helper.make_graph(
        nodes, "windows", [helper.make_tensor_value_info("image", TensorProto.FLOAT, [2, 2, 9, 10])],
        [helper.make_tensor_value_info("scores", TensorProto.FLOAT, [2, 4])], inits)
    proto = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 11)],
                              producer_name="gen_onnx.py")
    proto.ir_version = 6

    def reference(x):
        y = F.conv2d(F.pad(x, (0, 1, 1, 1)), w1, b1, stride=2)
        y = F.max_pool2d(F.pad(y, (0, 1, 0, 1), value=float("-inf")), 2, 1)
        y = F.avg_pool2d(y, 3, 2, padding=1, count_include_pad=True)
        y = F.lp_pool2d(F.pad(y, (1, 0, 1, 0)), 2, 2, stride=1)
        y = F.pad(y, (0, 2, 1, 0), mode="replicate")
        y = F.conv_transpose2d(y, wt, bt, stride=2, padding=1, output_padding=1)
        y = F.interpolate(y, scale_factor=2, mode="nearest")
        y = y * gate - 0.25
        return torch.matmul(F.adaptive_avg_pool2d(y, 1).flatten(1), dense)

    return proto, reference


def randomise(model, seed):
    torch.manual_seed(seed)
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.running_mean.uniform_(-0.3, 0.3)
            m.running_var.uniform_(0.5, 1.5)
            m.weight.data.uniform_(0.5, 1.5)
            m.bias.data.uniform_(-0.2, 0.2)
    return model.eval()


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.set_num_threads(1)
    models = []
    import onnx
    exported = []
    for name, model, shape in [
        ("residual", randomise(ResidualNet(), 1), (2, 3, 20, 18)),
        ("inception", randomise(InceptionNet(), 2), (2, 2, 9, 11)),
        ("decoder", randomise(Decoder(), 4), (2, 3, 5, 6)),
    ]:
        torch.manual_seed(100)
        x = torch.rand(shape)
        buffer = io.BytesIO()
        torch.onnx.export(model, x, buffer, opset_version=11, input_names=["image"],
                          output_names=["scores"], do_constant_folding=True)
        exported.append((name, onnx.load_from_string(buffer.getvalue()), model, x))
    proto, reference = windows_model()
    torch.manual_seed(100)
    exported.append(("windows", proto, reference, torch.rand(2, 2, 9, 10)))
    for name, proto, model, x in exported:
        with torch.no_grad():
            y = model(x)
        onnx.checker.check_model(proto)
        with open(os.path.join(OUT, name + ".onnx"), "wb") as fh:
            fh.write(proto.SerializeToString())
        models.append({"file": name + ".onnx", "input": tensor_json(x), "expected": tensor_json(y),
                       "nodes": len(proto.graph.node),
                       "ops": sorted({n.op_type for n in proto.graph.node})})
    with open(os.path.join(OUT, "expected.json"), "w") as fh:
        json.dump({"generator": "tests/golden/gen_onnx.py", "models": models}, fh,
                  separators=(",", ":"))
        fh.write("\n")


if __name__ == "__main__":
    main()
