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
follows a Conv into the Conv, and writes F.local_response_norm as a dozen elementary ops)."""
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
    for name, model, shape in [
        ("residual", randomise(ResidualNet(), 1), (2, 3, 20, 18)),
        ("inception", randomise(InceptionNet(), 2), (2, 2, 9, 11)),
    ]:
        torch.manual_seed(100)
        x = torch.rand(shape)
        with torch.no_grad():
            y = model(x)
        buffer = io.BytesIO()
        torch.onnx.export(model, x, buffer, opset_version=11, input_names=["image"],
                          output_names=["scores"], do_constant_folding=True)
        data = buffer.getvalue()
        with open(os.path.join(OUT, name + ".onnx"), "wb") as fh:
            fh.write(data)
        import onnx
        proto = onnx.load_from_string(data)
        onnx.checker.check_model(proto)
        models.append({"file": name + ".onnx", "input": tensor_json(x), "expected": tensor_json(y),
                       "nodes": len(proto.graph.node),
                       "ops": sorted({n.op_type for n in proto.graph.node})})
    with open(os.path.join(OUT, "expected.json"), "w") as fh:
        json.dump({"generator": "tests/golden/gen_onnx.py", "models": models}, fh,
                  separators=(",", ":"))
        fh.write("\n")


if __name__ == "__main__":
    main()
