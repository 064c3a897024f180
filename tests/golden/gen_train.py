"""Training fixtures (run through generate.py with /usr/bin/python3):
- train_optimizer.json: torch.optim.SGD and Adam on one parameter over several steps with given
  gradients; the parameter and the optimizer state after each step.
- train_lenet_step.json: both lesson LeNets (d2l: sigmoid, average pooling, SGD; modern: ReLU,
  max pooling, Adam) from the engine's seeded initial weights, trained on one fixed batch of 40
  for one (SGD) or two (Adam) steps: the losses, the first step's gradients and the weights after.
- train_kernel_learning.json: d2l 6.2.4's edge kernel and a Sobel kernel learned by gradient
  descent from given starting kernels: the loss and the kernel after every epoch.
"""
import math

import numpy as np
import torch

from common import tensor_json, write_cases

OPTIMIZER_CASES = [
    ("sgd_plain", {"type": "sgd", "lr": 0.1}),
    ("sgd_momentum", {"type": "sgd", "lr": 0.05, "momentum": 0.9}),
    ("sgd_momentum_dampening_wd", {"type": "sgd", "lr": 0.05, "momentum": 0.8, "dampening": 0.3,
                                   "weight_decay": 0.01}),
    ("sgd_nesterov", {"type": "sgd", "lr": 0.02, "momentum": 0.9, "nesterov": True,
                      "weight_decay": 1e-3}),
    ("adam_default", {"type": "adam", "lr": 0.001}),
    ("adam_betas_wd", {"type": "adam", "lr": 0.01, "betas": [0.8, 0.99], "eps": 1e-6,
                       "weight_decay": 0.05}),
]


def make_torch_optimizer(config, params):
    if config["type"] == "sgd":
        return torch.optim.SGD(params, lr=config["lr"], momentum=config.get("momentum", 0),
                               dampening=config.get("dampening", 0),
                               weight_decay=config.get("weight_decay", 0),
                               nesterov=config.get("nesterov", False))
    return torch.optim.Adam(params, lr=config["lr"], betas=tuple(config.get("betas", (0.9, 0.999))),
                            eps=config.get("eps", 1e-8), weight_decay=config.get("weight_decay", 0))


def optimizer_cases():
    cases = []
    gen = torch.Generator().manual_seed(20240610)
    for name, config in OPTIMIZER_CASES:
        start = torch.randn(2, 3, generator=gen)
        param = torch.nn.Parameter(start.clone())
        opt = make_torch_optimizer(config, [param])
        grads, after, state = [], [], []
        for _ in range(4):
            g = torch.randn(2, 3, generator=gen)
            grads.append(tensor_json(g))
            param.grad = g.clone()
            opt.step()
            after.append(tensor_json(param))
            st = opt.state[param]
            state.append({k: tensor_json(v) for k, v in st.items()
                          if torch.is_tensor(v) and v.dim() > 0})
        cases.append({"name": name, "optimizer": config, "param": tensor_json(start),
                      "grads": grads, "expected": after, "expected_state": state})
    return cases


# ---- One LeNet training step --------------------------------------------------------------
# The initial weights are drawn exactly as the engine does (engine/train/random.hpp and
# init.cpp): PCG32 with stream 0, 24-bit uniforms mapped to (−a, a), layer by layer,
# weight then bias. So the fixture needs no stored initial weights, and it also checks that the
# engine's initialisation is what it claims to be.
MASK64 = (1 << 64) - 1


class Pcg32:
    def __init__(self, seed, stream=0):
        self.state = 0
        self.inc = ((stream << 1) | 1) & MASK64
        self.next_u32()
        self.state = (self.state + seed) & MASK64
        self.next_u32()

    def next_u32(self):
        old = self.state
        self.state = (old * 6364136223846793005 + self.inc) & MASK64
        xorshifted = (((old >> 18) ^ old) >> 27) & 0xFFFFFFFF
        rot = old >> 59
        return ((xorshifted >> rot) | (xorshifted << ((32 - rot) & 31))) & 0xFFFFFFFF

    def uniform(self, low, high):
        # Exact in double (24-bit × 24-bit product), rounded to float32 once, as the engine.
        u = (self.next_u32() >> 8) / 16777216.0
        low, high = float(np.float32(low)), float(np.float32(high))
        return np.float32(low + (high - low) * u)


def init_like_engine(net, weight_scheme, seed):
    rng = Pcg32(seed, 0)
    for m in net:
        if not isinstance(m, (torch.nn.Conv2d, torch.nn.Linear)):
            continue
        w = m.weight
        receptive = int(np.prod(w.shape[2:])) if w.dim() > 2 else 1
        fan_in, fan_out = w.shape[1] * receptive, w.shape[0] * receptive
        bound = {"xavier_uniform": math.sqrt(6.0 / (fan_in + fan_out)),
                 "kaiming_uniform": math.sqrt(6.0 / fan_in)}[weight_scheme]
        bw = float(np.float32(bound))
        values = [rng.uniform(-bw, bw) for _ in range(w.numel())]
        bb = float(np.float32(1.0 / math.sqrt(fan_in)))
        bias = [rng.uniform(-bb, bb) for _ in range(m.bias.numel())]
        with torch.no_grad():
            w.copy_(torch.tensor(np.array(values, dtype=np.float32)).reshape(w.shape))
            m.bias.copy_(torch.tensor(np.array(bias, dtype=np.float32)))


def lenet(modern):
    nn = torch.nn
    act = nn.ReLU if modern else nn.Sigmoid
    pool = nn.MaxPool2d if modern else nn.AvgPool2d
    return nn.Sequential(nn.Conv2d(1, 6, 5, padding=2), act(), pool(2, 2),
                         nn.Conv2d(6, 16, 5), act(), pool(2, 2), nn.Flatten(),
                         nn.Linear(400, 120), act(), nn.Linear(120, 84), act(), nn.Linear(84, 10))


def compact(t):
    """A tensor as {"shape", "data"} with float32-exact short numbers (9 significant digits)."""
    t = t.detach().float().contiguous()
    return {"shape": list(t.shape), "data": [float("%.9g" % v) for v in t.flatten().tolist()]}


def lenet_cases():
    gen = torch.Generator().manual_seed(7)
    batch = 40  # more than one chunk of 32, so that chunk gradients are added up
    pixels = torch.randint(0, 256, (batch, 1, 28, 28), generator=gen)
    labels = torch.randint(0, 10, (batch,), generator=gen)
    x = pixels.float() / 255.0
    cases = []
    for name, modern, scheme, seed, opt_config, steps in [
            ("lenet_d2l_sgd", False, "xavier_uniform", 3, {"type": "sgd", "lr": 0.9}, 1),
            ("lenet_modern_adam", True, "kaiming_uniform", 5, {"type": "adam", "lr": 0.001}, 2)]:
        net = lenet(modern)
        init_like_engine(net, scheme, seed)
        opt = make_torch_optimizer(opt_config, net.parameters())
        losses, first_grads = [], None
        for step in range(steps):
            opt.zero_grad()
            loss = torch.nn.functional.cross_entropy(net(x), labels)
            loss.backward()
            losses.append(loss.item())
            if step == 0:
                first_grads = {k: compact(p.grad) for k, p in net.named_parameters()}
            opt.step()
        cases.append({
            "name": name, "lesson": "lenet_modern.json" if modern else "lenet_d2l.json",
            "init": {"weight": scheme, "bias": "torch_default", "seed": seed},
            "optimizer": opt_config, "steps": steps,
            "pixels": {"shape": list(pixels.shape), "data": pixels.flatten().tolist()},
            "labels": labels.tolist(), "losses": losses,
            "grads_step1": first_grads,
            "expected": {k: compact(v) for k, v in net.state_dict().items()},
        })
    return cases


# ---- Learning a kernel (d2l 6.2.4) ----------------------------------------------------------
def learn_kernel(x, y, k0, lr, epochs, reduction, padding=0):
    w = torch.nn.Parameter(k0.clone().reshape(1, 1, *k0.shape))
    losses, kernels = [], []
    for _ in range(epochs):
        y_hat = torch.nn.functional.conv2d(x.reshape(1, 1, *x.shape), w, padding=padding)
        err = (y_hat - y.reshape(1, 1, *y.shape)) ** 2
        loss = err.sum() if reduction == "sum" else err.mean()
        w.grad = None
        loss.backward()
        with torch.no_grad():
            w -= lr * w.grad
        losses.append(loss.item())
        kernels.append(compact(w.reshape(k0.shape)))
    return losses, kernels


def kernel_cases():
    cases = []
    x = torch.ones(6, 8)
    x[:, 2:6] = 0
    k = torch.tensor([[1.0, -1.0]])
    y = torch.nn.functional.conv2d(x.reshape(1, 1, 6, 8), k.reshape(1, 1, 1, 2)).reshape(6, 7)
    k0 = torch.tensor([[0.3, -0.2]])
    losses, kernels = learn_kernel(x, y, k0, 3e-2, 10, "sum")
    cases.append({"name": "d2l_edge", "input": compact(x), "target": compact(y),
                  "initial_kernel": compact(k0), "lr": 3e-2, "reduction": "sum",
                  "padding": 0, "losses": losses, "kernels": kernels})
    gen = torch.Generator().manual_seed(11)
    image = torch.rand(10, 12, generator=gen)
    sobel = torch.tensor([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]])
    y = torch.nn.functional.conv2d(image.reshape(1, 1, 10, 12), sobel.reshape(1, 1, 3, 3),
                                   padding=1).reshape(10, 12)
    k0 = (torch.rand(3, 3, generator=gen) - 0.5) / 3
    losses, kernels = learn_kernel(image, y, k0, 0.2, 20, "mean", padding=1)
    cases.append({"name": "sobel_mean", "input": compact(image), "target": compact(y),
                  "initial_kernel": compact(k0), "lr": 0.2, "reduction": "mean",
                  "padding": 1, "losses": losses, "kernels": kernels})
    return cases


def generate(out_dir):
    write_cases(out_dir, "train_optimizer.json", optimizer_cases())
    write_cases(out_dir, "train_lenet_step.json", lenet_cases())
    write_cases(out_dir, "train_kernel_learning.json", kernel_cases())
