"""Training fixtures (run through generate.py with /usr/bin/python3):
- train_optimizer.json: torch.optim.SGD and Adam on one parameter over several steps with given
  gradients; the parameter and the optimizer state after each step.
"""
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


def generate(out_dir):
    write_cases(out_dir, "train_optimizer.json", optimizer_cases())
