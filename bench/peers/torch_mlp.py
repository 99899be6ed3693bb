#!/usr/bin/env python3
"""PyTorch reference for one training trial: the same MLP, optimizer and data
as a sweep trial, used as a peer for speed and for loss-curve behaviour.

Usage:
  torch_mlp.py --config trial.json [--threads N] [--out curve.json]
  torch_mlp.py --depth 4 --width 256 --optimizer momentum --epochs 1 ...

Architecture (the canonical form that the engine mirrors):
  stem:   Linear(in, width) -> Norm -> Act
  blocks: depth-1 times  h = [h +] Act(Norm(Linear(width, width)(h)))   ('+' only when residual)
  head:   Linear(width, classes); loss = softmax cross-entropy (mean over batch)
Norm is none | batchnorm (training statistics, eps 1e-5) | layernorm (eps 1e-5).
Biases start at zero. Data: Fashion-MNIST from /usr/share/datasets/fashion-mnist
(Debian package dataset-fashion-mnist) when present, `--dataset spirals` (3 arms in the
plane), else a synthetic 784-feature task.
Prints one JSON line with samples_per_s and the per-epoch train loss.

Sweep's copy (bench/peers) times model construction, initialisation and training (the original
times the training loop only; the engine's Trainer.Run, which the suite times, builds and
initialises its model too), adds cpu_samples_per_s: samples over the process CPU time of the
same span, which stays meaningful when other work shares the machine, and --flush-denormal
(torch.set_flush_denormal(True)): the engine flushes denormals to zero in every trial, and the
engine suite runs the peer with the same convention so the two compare like with like.
"""
import argparse, gzip, json, math, os, struct, sys, time

import numpy as np
import torch
import torch.nn as nn

FMNIST = "/usr/share/datasets/fashion-mnist"


def load_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, = struct.unpack(">I", data[:4])
    ndim = magic & 0xFF
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def load_data(name, n_train, seed):
    if name == "fashion-mnist" and os.path.isdir(FMNIST):
        x = load_idx(os.path.join(FMNIST, "train-images-idx3-ubyte.gz")).reshape(-1, 784).astype(np.float32) / 255.0
        y = load_idx(os.path.join(FMNIST, "train-labels-idx1-ubyte.gz")).astype(np.int64)
        x, y = x[:n_train], y[:n_train]
        x = (x - x.mean(0)) / (x.std(0) + 1e-6)      # standardization
        return x, y, 10
    rng = np.random.default_rng(seed)
    if name == "spirals":                            # 3 arms in the plane, light noise
        k = 3
        y = rng.integers(0, k, n_train)
        r = rng.uniform(0.05, 1.0, n_train)
        t = y * (2 * np.pi / k) + 4.0 * r + rng.normal(0, 0.2, n_train)
        x = np.stack([r * np.sin(t), r * np.cos(t)], 1).astype(np.float32)
        return x, y.astype(np.int64), k
    x = rng.standard_normal((n_train, 784)).astype(np.float32)
    w = rng.standard_normal((784, 10)).astype(np.float32)
    y = (x @ w).argmax(1).astype(np.int64)
    return x, y, 10


def init_(w, scheme, std):
    fan_out, fan_in = w.shape
    if scheme == "zeros":
        nn.init.zeros_(w)
    elif scheme == "gaussian":
        nn.init.normal_(w, 0.0, std)
    elif scheme == "xavier-uniform":
        nn.init.xavier_uniform_(w)
    elif scheme == "xavier-normal":
        nn.init.xavier_normal_(w)
    elif scheme == "he-normal":
        nn.init.kaiming_normal_(w, nonlinearity="relu")
    elif scheme == "he-uniform":
        nn.init.kaiming_uniform_(w, nonlinearity="relu")
    elif scheme == "lecun-normal":
        nn.init.normal_(w, 0.0, 1.0 / math.sqrt(fan_in))
    elif scheme == "orthogonal":
        nn.init.orthogonal_(w)
    else:
        raise SystemExit(f"unknown init {scheme}")


ACTS = {"relu": nn.ReLU, "sigmoid": nn.Sigmoid, "tanh": nn.Tanh,
        "leaky-relu": lambda: nn.LeakyReLU(0.01), "gelu": nn.GELU}


class MLP(nn.Module):
    def __init__(self, n_in, n_out, c):
        super().__init__()
        w, self.residual = c["width"], c["residual"]
        def norm():
            return {"none": nn.Identity, "batchnorm": lambda: nn.BatchNorm1d(w),
                    "layernorm": lambda: nn.LayerNorm(w)}[c["norm"]]()
        self.stem = nn.Sequential(nn.Linear(n_in, w), norm(), ACTS[c["activation"]]())
        self.blocks = nn.ModuleList(nn.Sequential(nn.Linear(w, w), norm(), ACTS[c["activation"]]())
                                    for _ in range(c["depth"] - 1))
        self.head = nn.Linear(w, n_out)
        for m in self.modules():
            if isinstance(m, nn.Linear):
                init_(m.weight, c["init"], c.get("init_std", 0.01))
                nn.init.zeros_(m.bias)

    def forward(self, x):
        h = self.stem(x)
        for b in self.blocks:
            h = h + b(h) if self.residual else b(h)
        return self.head(h)


def make_opt(params, c):
    o, lr, wd = c["optimizer"], c["lr"], c.get("weight_decay", 0.0)
    if o == "sgd":
        return torch.optim.SGD(params, lr=lr, weight_decay=wd)
    if o == "momentum":
        return torch.optim.SGD(params, lr=lr, momentum=c.get("momentum", 0.9), weight_decay=wd)
    if o == "nesterov":
        return torch.optim.SGD(params, lr=lr, momentum=c.get("momentum", 0.9), nesterov=True, weight_decay=wd)
    if o == "adagrad":
        return torch.optim.Adagrad(params, lr=lr, weight_decay=wd)
    if o == "rmsprop":
        return torch.optim.RMSprop(params, lr=lr, alpha=0.99, eps=1e-8, weight_decay=wd)
    if o == "adadelta":
        return torch.optim.Adadelta(params, lr=lr, rho=0.9, eps=1e-6, weight_decay=wd)
    if o == "adam":
        return torch.optim.Adam(params, lr=lr, weight_decay=wd)
    if o == "adamw":
        return torch.optim.AdamW(params, lr=lr, weight_decay=wd)
    raise SystemExit(f"unknown optimizer {o}")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--config")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--out")
    p.add_argument("--device", default="cpu", help="cpu or cuda")
    for k, v in dict(dataset="fashion-mnist", depth=4, width=256, activation="relu", init="he-normal",
                     norm="none", optimizer="momentum", lr=0.05, batch_size=128, epochs=1,
                     n_train=60000, seed=0, clip_norm=0.0).items():
        p.add_argument("--" + k.replace("_", "-"), type=type(v), default=v)
    p.add_argument("--residual", action="store_true")
    p.add_argument("--flush-denormal", action="store_true")
    a = p.parse_args()
    c = {k: getattr(a, k) for k in vars(a)}
    if a.config:
        c.update(json.load(open(a.config)))
    torch.set_num_threads(a.threads)
    if a.flush_denormal and not torch.set_flush_denormal(True):
        raise SystemExit("--flush-denormal: this CPU has no denormal flushing (torch.set_flush_denormal returned False)")
    torch.manual_seed(c["seed"])
    x, y, k = load_data(c["dataset"], c["n_train"], c["seed"])
    dev = torch.device(a.device)
    xt, yt = torch.from_numpy(x).to(dev), torch.from_numpy(y).to(dev)
    # The clock covers what a sweep pays per trial on both sides: building and initialising the model and
    # optimizer, then training (the engine's Trainer.Run does the same; loading the data is outside both).
    t0, cpu0 = time.perf_counter(), time.process_time()
    model = MLP(x.shape[1], k, c).to(dev)
    opt = make_opt(model.parameters(), c)
    lossf = nn.CrossEntropyLoss()
    g = torch.Generator().manual_seed(c["seed"])
    curve, seen = [], 0
    for epoch in range(c["epochs"]):
        perm = torch.randperm(len(xt), generator=g)
        total, batches = 0.0, 0
        for i in range(0, len(xt) - c["batch_size"] + 1, c["batch_size"]):
            idx = perm[i:i + c["batch_size"]].to(dev)
            opt.zero_grad(set_to_none=True)
            loss = lossf(model(xt[idx]), yt[idx])
            loss.backward()
            if c["clip_norm"] > 0:
                nn.utils.clip_grad_norm_(model.parameters(), c["clip_norm"])
            opt.step()
            total += loss.item(); batches += 1; seen += len(idx)
        curve.append(total / max(batches, 1))
    if dev.type == "cuda":
        torch.cuda.synchronize()
    dt = time.perf_counter() - t0
    cpu = time.process_time() - cpu0
    out = {"engine": f"torch-{torch.__version__}", "device": a.device, "threads": a.threads, "flush_denormal": a.flush_denormal, "samples": seen,
           "seconds": round(dt, 4), "samples_per_s": round(seen / dt, 1), "cpu_seconds": round(cpu, 4),
           "cpu_samples_per_s": round(seen / cpu, 1), "train_loss": curve,
           "config": {k: c[k] for k in ("dataset", "depth", "width", "activation", "init", "norm", "residual",
                                       "optimizer", "lr", "batch_size", "epochs", "n_train", "seed")}}
    s = json.dumps(out)
    print(s)
    if a.out:
        open(a.out, "w").write(s + "\n")


if __name__ == "__main__":
    main()
