"""NumPy's side of `npm run bench`: float32 GEMM and conv2d (im2col + matmul) timings.

Reads a JSON request on stdin:
  {"gemm": [256, ...], "conv": [{"batch", "height", "width", "inChannels", "outChannels",
   "kernelHeight", "kernelWidth", "stride", "padding"}, ...], "minSeconds": 0.5, "minRepeats": 3}
and prints one JSON object: {"numpy", "blas", "threads", "gemm": [seconds...], "conv": [seconds...]},
each time the best of several runs after one warm-up run.
"""

import ctypes
import json
import os
import sys
import time

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def best_seconds(run, min_seconds, min_repeats):
    run()  # warm-up: page faults, BLAS thread start-up
    times = []
    start = time.perf_counter()
    while len(times) < min_repeats or time.perf_counter() - start < min_seconds:
        t = time.perf_counter()
        run()
        times.append(time.perf_counter() - t)
        if len(times) >= 10000:
            break
    return min(times)


def blas_threads():
    """OpenBLAS's own thread count, asked through ctypes (no threadpoolctl on this machine)."""
    names = [
        "scipy_openblas_get_num_threads64_",
        "scipy_openblas_get_num_threads",
        "openblas_get_num_threads64_",
        "openblas_get_num_threads",
    ]
    try:
        with open("/proc/self/maps") as maps:
            libs = {line.split()[-1] for line in maps if "openblas" in line.lower()}
    except OSError:
        libs = set()
    for path in sorted(libs):
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        for name in names:
            fn = getattr(lib, name, None)
            if fn is not None:
                fn.restype = ctypes.c_int
                return fn()
    return None


def blas_name():
    try:
        config = np.show_config(mode="dicts")
        blas = config["Build Dependencies"]["blas"]
        return f"{blas.get('name', '?')} {blas.get('version', '')}".strip()
    except Exception:  # show_config's layout differs across NumPy versions
        return "unknown"


def conv_runner(g, rng):
    kh, kw, cin, cout = g["kernelHeight"], g["kernelWidth"], g["inChannels"], g["outChannels"]
    p, s = g["padding"], g["stride"]
    x = rng.standard_normal((g["batch"], g["height"], g["width"], cin), dtype=np.float32)
    w = rng.standard_normal((kh, kw, cin, cout), dtype=np.float32)
    bias = rng.standard_normal(cout, dtype=np.float32)
    w2 = w.reshape(kh * kw * cin, cout)

    def run():
        xp = np.pad(x, ((0, 0), (p, p), (p, p), (0, 0)))
        # (batch, outH, outW, cin, kh, kw) -> (batch, outH, outW, kh, kw, cin) to match w's order.
        win = sliding_window_view(xp, (kh, kw), axis=(1, 2))[:, ::s, ::s]
        cols = win.transpose(0, 1, 2, 4, 5, 3).reshape(-1, kh * kw * cin)
        return (cols @ w2 + bias).reshape(win.shape[0], win.shape[1], win.shape[2], cout)

    return run


def main():
    request = json.load(sys.stdin)
    min_seconds = float(request.get("minSeconds", 0.5))
    min_repeats = int(request.get("minRepeats", 3))
    rng = np.random.default_rng(0)
    gemm = []
    for n in request.get("gemm", []):
        a = rng.standard_normal((n, n), dtype=np.float32)
        b = rng.standard_normal((n, n), dtype=np.float32)
        c = np.empty((n, n), dtype=np.float32)
        gemm.append(best_seconds(lambda: np.matmul(a, b, out=c), min_seconds, min_repeats))
    conv = [best_seconds(conv_runner(g, rng), min_seconds, min_repeats) for g in request.get("conv", [])]
    env = {k: os.environ[k] for k in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS") if k in os.environ}
    print(
        json.dumps(
            {
                "numpy": np.__version__,
                "blas": blas_name(),
                "threads": {"blas": blas_threads(), "cpus": os.cpu_count(), "env": env},
                "gemm": gemm,
                "conv": conv,
            }
        )
    )


if __name__ == "__main__":
    main()
