"""Times AutoIFS training steps in PyTorch, for benchmark B4's core-for-core comparison.

A benchmark tool, not part of FlowRec: B4 (dev.flowrec.bench.speed.PyTorchReference) runs it as
a subprocess on one thread when Debian's python3-torch is installed. The network is FlowRec's
AutoIFS (AutoIfsGraph, FlowSelectionLayer) written again in PyTorch with the same sizes:

  rows [B,F] -> embedding [V,E] -> flatten -> bottom MLP (ReLU) -> z [B,d]
  detached embedding -> gate MLP (ReLU) -> gate head -> scores [B,4M]
  flows: scenario layer (shared unit + K LoRA units, one kept by the scenario one-hot), task layer
  (shared unit + M LoRA units) on s = relu(shared + specific), on shared and on specific; logit m =
  T(s) + U_m(s) - g0 T(shared) - g1 U_m(specific) - g2 U_m(shared) - g3 T(specific), gates
  sigmoid(tau * score) in the search and 1[score > 0] in the retrain; one sigmoid cross-entropy per
  task.

Search: main parameters on Adam with L2 as weight decay, the gate network on its own Adam; the gate
network reads the main embedding with its gradient stopped. Retrain: the gate network frozen and run
without autograd, the main model on Adam. Batches are synthetic with the shapes of MovieLens-1M's:
training speed does not depend on the values.

Usage: python3 autoifs_reference_speed.py '<settings as JSON>'; prints one JSON line with examples/s
per phase.
"""

import json
import sys
import time

import torch
from torch import nn


def mlp(width, sizes):
    layers = []
    for size in sizes:
        layers += [nn.Linear(width, size), nn.ReLU()]
        width = size
    return nn.Sequential(*layers)


class Flows(nn.Module):
    def __init__(self, d, h, scenarios, tasks, rank):
        super().__init__()
        self.tasks, self.rank = tasks, rank

        def param(*shape):
            return nn.Parameter(torch.randn(*shape) * 0.01)

        self.ws, self.bs = param(d, h), param(h)
        self.a_s, self.b_s, self.cs = param(d, scenarios * rank), param(scenarios * rank, h), param(scenarios, h)
        self.wt, self.bt = param(h, 1), param(1)
        self.at, self.b_t, self.ct = param(h, tasks * rank), param(tasks * rank), param(tasks)

    def t(self, x):
        return x @ self.wt + self.bt

    def u(self, x):
        q = (x @ self.at) * self.b_t
        return q.view(x.shape[0], self.tasks, self.rank).sum(2) + self.ct

    def forward(self, z, scenario, gates):
        shared = z @ self.ws + self.bs
        expanded = scenario.repeat_interleave(self.rank, dim=1)
        specific = ((z @ self.a_s) * expanded) @ self.b_s + scenario @ self.cs
        s = torch.relu(shared + specific)
        g = [gates[:, j::4] for j in range(4)]
        return (self.u(s) + self.t(s) - g[0] * self.t(shared) - g[1] * self.u(specific)
                - g[2] * self.u(shared) - g[3] * self.t(specific))


class AutoIfs(nn.Module):
    def __init__(self, c):
        super().__init__()
        width = c["fields"] * c["embedding_dim"]
        self.embedding = nn.Embedding(c["vocabulary"], c["embedding_dim"])
        self.bottom = mlp(width, c["bottom_sizes"])
        self.gate_body = mlp(width, c["bottom_sizes"])
        self.gate_head = nn.Linear(c["bottom_sizes"][-1], 4 * c["tasks"])
        self.flows = Flows(c["bottom_sizes"][-1], c["scenario_size"], c["scenarios"], c["tasks"],
                           c["lora_rank"])

    def gate_parameters(self):
        return list(self.gate_body.parameters()) + list(self.gate_head.parameters())

    def main_parameters(self):
        gate = {id(p) for p in self.gate_parameters()}
        return [p for p in self.parameters() if id(p) not in gate]

    def forward(self, rows, scenario, temperature, retrain):
        e = self.embedding(rows).flatten(1)
        z = self.bottom(e)
        if retrain:
            with torch.no_grad():
                gates = (self.gate_head(self.gate_body(e.detach())) > 0).float()
        else:
            scores = self.gate_head(self.gate_body(e.detach()))
            gates = torch.sigmoid(temperature * scores)
        return self.flows(z, scenario, gates)


def batches(c, count):
    out = []
    generator = torch.Generator().manual_seed(1)
    b = c["batch"]
    for _ in range(count):
        rows = torch.randint(0, c["vocabulary"], (b, c["fields"]), generator=generator)
        scenario = nn.functional.one_hot(
            torch.randint(0, c["scenarios"], (b,), generator=generator), c["scenarios"]).float()
        labels = torch.randint(0, 2, (b, c["tasks"]), generator=generator).float()
        out.append((rows, scenario, labels))
    return out


def examples_per_second(model, optimizers, data, retrain, warmup, timed):
    loss_fn = nn.BCEWithLogitsLoss()

    def step(batch):
        rows, scenario, labels = batch
        for optimizer in optimizers:
            optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(rows, scenario, 1.0, retrain), labels)
        loss.backward()
        for optimizer in optimizers:
            optimizer.step()

    for i in range(warmup):
        step(data[i % len(data)])
    start = time.perf_counter()
    for i in range(timed):
        step(data[(warmup + i) % len(data)])
    return timed * data[0][0].shape[0] / (time.perf_counter() - start)


def blas_library():
    """The BLAS library this process mapped (Debian's torch calls whichever libblas.so.3 is chosen)."""
    try:
        with open("/proc/self/maps") as maps:
            paths = {line.split()[-1] for line in maps if "blas" in line.split()[-1]}
        return ", ".join(sorted(paths)) or "unknown"
    except OSError:
        return "unknown"


def main():
    c = json.loads(sys.argv[1])
    torch.set_num_threads(1)
    torch.manual_seed(c.get("seed", 2022))
    model = AutoIfs(c)
    data = batches(c, 8)
    search = [
        torch.optim.Adam(model.main_parameters(), lr=c["learning_rate"], weight_decay=c["l2"]),
        torch.optim.Adam(model.gate_parameters(), lr=c["learning_rate"] * c["gate_lr_factor"]),
    ]
    search_rate = examples_per_second(model, search, data, False, c["warmup"], c["steps"])
    for p in model.gate_parameters():
        p.requires_grad_(False)
    retrain = [torch.optim.Adam(model.main_parameters(), lr=c["retrain_learning_rate"],
                                weight_decay=c["retrain_l2"])]
    retrain_rate = examples_per_second(model, retrain, data, True, c["warmup"], c["steps"])
    print(json.dumps({
        "torch_version": torch.__version__,
        "threads": torch.get_num_threads(),
        "blas": blas_library(),
        "examples_per_s": {"autoifs": search_rate, "autoifs-retrain": retrain_rate},
    }))


if __name__ == "__main__":
    main()
