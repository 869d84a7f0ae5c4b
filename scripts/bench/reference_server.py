"""The references' side of `npm run bench`: NumPy (and PyTorch when importable) in one long-lived
process, so the bench can alternate its runs with Weightcraft's (interleaved, not one after the
other). Its thread count is set by its parent through OPENBLAS_NUM_THREADS / OMP_NUM_THREADS
(read at start-up by OpenBLAS) and torch.set_num_threads.

Protocol: one JSON object a line on stdin, one JSON answer a line on stdout.
  {"op": "info"}                          -> versions, BLAS, its core type and threads
  {"op": "setup", "id": ID, "case": {...}} -> {"ok": true}; cases: see CASES
  {"op": "sample", "id": ID, "minSeconds": S}
      -> {"seconds": per-operation time of a block of calls lasting at least S seconds}
Errors answer {"error": "..."} and the process goes on.
"""

import ctypes
import json
import os
import sys
import time

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

try:
    import torch
except ImportError:  # NumPy rows still run; the bench says PyTorch is absent
    torch = None


def openblas_call(name_suffixes, restype):
    """Calls an OpenBLAS function of the library loaded in this process (no threadpoolctl needed)."""
    try:
        with open("/proc/self/maps") as maps:
            libs = sorted({line.split()[-1] for line in maps if "openblas" in line.lower()})
    except OSError:
        return None
    prefixes = ["scipy_openblas_", "openblas_"]
    for path in libs:
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        for prefix in prefixes:
            for suffix in name_suffixes:
                fn = getattr(lib, prefix + suffix, None)
                if fn is not None:
                    fn.restype = restype
                    value = fn()
                    return value.decode() if isinstance(value, bytes) else value
    return None


def blas_name():
    try:
        config = np.show_config(mode="dicts")
        blas = config["Build Dependencies"]["blas"]
        return f"{blas.get('name', '?')} {blas.get('version', '')}".strip()
    except Exception:  # show_config's layout differs across NumPy versions
        return "unknown"


def info():
    env_keys = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "OPENBLAS_CORETYPE")
    answer = {
        "python": sys.executable,
        "numpy": np.__version__,
        "blas": blas_name(),
        "core": openblas_call(["get_corename64_", "get_corename"], ctypes.c_char_p),
        "blasThreads": openblas_call(["get_num_threads64_", "get_num_threads"], ctypes.c_int),
        "env": {k: os.environ[k] for k in env_keys if k in os.environ},
        "torch": None,
    }
    if torch is not None:
        answer["torch"] = {
            "version": torch.__version__,
            "threads": torch.get_num_threads(),
            "mkldnn": bool(torch.backends.mkldnn.is_available()),
        }
    return answer


def gemm(case, rng):
    n, dtype = case["n"], case["dtype"]
    a = rng.standard_normal((n, n)).astype(dtype)
    b = rng.standard_normal((n, n)).astype(dtype)
    c = np.empty((n, n), dtype=dtype)
    return lambda: np.matmul(a, b, out=c)


def dense_forward(case, rng):
    sizes, batch = case["sizes"], case["batch"]
    dtype = np.dtype(case.get("dtype", "float64"))
    x = rng.standard_normal((batch, sizes[0])).astype(dtype)
    ws = [rng.standard_normal((i, o)).astype(dtype) for i, o in zip(sizes, sizes[1:])]
    bs = [np.zeros(o, dtype) for o in sizes[1:]]

    def run():
        h = x
        for k, (w, b) in enumerate(zip(ws, bs)):
            h = h @ w + b
            if k < len(ws) - 1:
                h = np.maximum(0, h)
        e = np.exp(h - h.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)

    return run


def dense_train(case, rng):
    """nnfs's loop: forward, softmax cross-entropy, backward, Adam; one call = one step."""
    n, batch = case["samples"], case["batch"]
    rs = np.random.RandomState(0)
    X = rs.randn(n, 784)
    y = rs.randint(0, 10, n)
    params = [0.1 * rs.randn(784, 128), np.zeros(128), 0.1 * rs.randn(128, 10), np.zeros(10)]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    state = {"t": 0, "k": 0, "order": rs.permutation(n)}
    rows = np.arange(batch)

    def step():
        W1, b1, W2, b2 = params
        k = state["k"]
        state["k"] = (k + 1) % (n // batch)
        if k == 0:
            state["order"] = rs.permutation(n)
        idx = state["order"][k * batch : (k + 1) * batch]
        x, t = X[idx], y[idx]
        z1 = x @ W1 + b1
        h = np.maximum(0, z1)
        z2 = h @ W2 + b2
        e = np.exp(z2 - z2.max(axis=1, keepdims=True))
        p = e / e.sum(axis=1, keepdims=True)
        np.mean(-np.log(np.clip(p[rows, t], 1e-7, 1 - 1e-7)))
        np.mean(np.argmax(p, axis=1) == t)
        d = p.copy()
        d[rows, t] -= 1
        d /= batch
        dh = d @ W2.T
        dh[z1 <= 0] = 0
        grads = [x.T @ dh, dh.sum(axis=0), h.T @ d, d.sum(axis=0)]
        c1 = 1 - 0.9 ** (state["t"] + 1)
        c2 = 1 - 0.999 ** (state["t"] + 1)
        for w, g, mi, vi in zip(params, grads, m, v):
            mi[:] = 0.9 * mi + 0.1 * g
            vi[:] = 0.999 * vi + 0.001 * g**2
            w += -0.001 * (mi / c1) / (np.sqrt(vi / c2) + 1e-7)
        state["t"] += 1

    return step


def conv_im2col(case, rng):
    """NHWC conv as np.pad, a copied sliding-window im2col, one float32 @ and the bias."""
    g = case["geometry"]
    kh, kw, cin, cout = g["kernelHeight"], g["kernelWidth"], g["inChannels"], g["outChannels"]
    p, s = g["padding"], g["stride"]
    x = rng.standard_normal((g["batch"], g["height"], g["width"], cin), dtype=np.float32)
    w2 = rng.standard_normal((kh * kw * cin, cout), dtype=np.float32)
    bias = rng.standard_normal(cout, dtype=np.float32)

    def run():
        xp = np.pad(x, ((0, 0), (p, p), (p, p), (0, 0)))
        # (batch, outH, outW, cin, kh, kw) -> (batch, outH, outW, kh, kw, cin) to match w's order.
        win = sliding_window_view(xp, (kh, kw), axis=(1, 2))[:, ::s, ::s]
        cols = win.transpose(0, 1, 2, 4, 5, 3).reshape(-1, kh * kw * cin)
        return (cols @ w2 + bias).reshape(win.shape[0], win.shape[1], win.shape[2], cout)

    return run


def torch_cnn(spec, channels):
    """nn.Sequential from the bench's layer list (the shipped model's kinds)."""
    nn = torch.nn
    modules = []
    c = channels
    for layer in spec:
        kind = layer["type"]
        if kind == "conv2d":
            modules.append(
                nn.Conv2d(c, layer["filters"], layer["kernel"], layer["stride"], layer["padding"])
            )
            c = layer["filters"]
        elif kind == "batchnorm":
            modules.append(nn.BatchNorm2d(c, eps=layer["epsilon"], momentum=layer["momentum"]))
        elif kind == "relu":
            modules.append(nn.ReLU(inplace=True))
        elif kind == "maxpool2d":
            modules.append(nn.MaxPool2d(layer["size"], layer["stride"]))
        elif kind == "globalavgpool":
            modules += [nn.AdaptiveAvgPool2d(1), nn.Flatten()]
        elif kind == "dense":
            modules.append(nn.Linear(c, layer["units"]))
            c = layer["units"]
        elif kind == "softmax":
            pass  # CrossEntropyLoss and argmax take the logits
        else:
            raise ValueError(f"reference_server.py has no PyTorch module for layer {kind!r}")
    return nn.Sequential(*modules)


def torch_inputs(case):
    """uint8 NHWC pictures made into normalized NCHW floats, as the image-input layer does."""
    b, h, w, ch = case["batch"], case["height"], case["width"], case["channels"]
    gen = torch.Generator().manual_seed(0)
    pixels = torch.randint(0, 256, (b, h, w, ch), dtype=torch.uint8, generator=gen)
    mean = torch.tensor(case["mean"]).view(1, ch, 1, 1)
    std = torch.tensor(case["std"]).view(1, ch, 1, 1)
    labels = torch.arange(b) % case["classes"]
    return pixels, mean, std, labels


def torch_cnn_train(case, rng):
    """One step: augment (shift ≤ `shift` px with zero fill, flip), forward, label-smoothed
    cross-entropy, backward, SGD Nesterov with weight decay."""
    if torch is None:
        raise RuntimeError("this python has no torch")
    net = torch_cnn(case["layers"], case["channels"]).train()
    pixels, mean, std, labels = torch_inputs(case)
    shift = case["shift"]
    loss_fn = torch.nn.CrossEntropyLoss(label_smoothing=case["labelSmoothing"])
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9, nesterov=True, weight_decay=5e-4)
    h, w = case["height"], case["width"]

    def step():
        x = (pixels.permute(0, 3, 1, 2).float() / 255 - mean) / std
        padded = torch.nn.functional.pad(x, (shift, shift, shift, shift))
        dy = torch.randint(0, 2 * shift + 1, (x.shape[0],))
        dx = torch.randint(0, 2 * shift + 1, (x.shape[0],))
        flips = torch.rand(x.shape[0]) < 0.5
        for i in range(x.shape[0]):
            crop = padded[i, :, dy[i] : dy[i] + h, dx[i] : dx[i] + w]
            x[i] = crop.flip(2) if flips[i] else crop
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(net(x), labels)
        loss.backward()
        opt.step()

    return step


def torch_cnn_infer(case, rng):
    if torch is None:
        raise RuntimeError("this python has no torch")
    net = torch_cnn(case["layers"], case["channels"]).eval()
    pixels, mean, std, _ = torch_inputs(case)

    def run():
        with torch.inference_mode():
            x = (pixels.permute(0, 3, 1, 2).float() / 255 - mean) / std
            torch.softmax(net(x), dim=1)

    return run


CASES = {
    "gemm": gemm,
    "dense-forward": dense_forward,
    "dense-train": dense_train,
    "conv-im2col": conv_im2col,
    "torch-cnn-train": torch_cnn_train,
    "torch-cnn-infer": torch_cnn_infer,
}


def sample(run, min_seconds, reps):
    """Seconds per call over a block of `reps` calls; returns it and the block for next time."""
    t = time.perf_counter()
    for _ in range(reps):
        run()
    seconds = (time.perf_counter() - t) / reps
    return seconds, max(1, int(min_seconds / max(seconds, 1e-9) + 0.999))


def main():
    if torch is not None:
        torch.set_num_threads(int(os.environ.get("OMP_NUM_THREADS", os.cpu_count() or 1)))
    rng = np.random.default_rng(0)
    runs = {}
    for line in sys.stdin:
        try:
            request = json.loads(line)
            op = request["op"]
            if op == "info":
                answer = info()
            elif op == "setup":
                case = request["case"]
                if case["kind"] not in CASES:
                    raise ValueError(f"unknown case kind {case['kind']!r}")
                run = CASES[case["kind"]](case, rng)
                run()  # warm-up: page faults, BLAS thread start-up
                runs[request["id"]] = {"run": run, "reps": 1}
                answer = {"ok": True}
            elif op == "sample":
                entry = runs[request["id"]]
                seconds, entry["reps"] = sample(entry["run"], request["minSeconds"], entry["reps"])
                answer = {"seconds": seconds}
            else:
                raise ValueError(f"unknown op {op!r}")
        except Exception as error:  # answered, so the bench can name it and go on
            answer = {"error": f"{type(error).__name__}: {error}"}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
