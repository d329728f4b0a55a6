# SPDX-License-Identifier: Apache-2.0
"""Groups per second through the Python package (`make bench-python`):
mxdot.dot_batch (the loop in C, mx_dot_batch) against a Python loop of
mxdot.dot calls over the same E4M3 groups, K = 32 and K = 128, medians of
5 runs side by side in one process. Also from_float32 (one C call per
element) against to_float32 (a table lookup)."""

import statistics
import sys
import time

import numpy as np

import mxdot


def median_rate(fn, count, runs=5):
    rates = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        rates.append(count / (time.perf_counter() - t0))
    return statistics.median(rates)


def main():
    rng = np.random.default_rng(1)
    print(f"mxdot Python package over {mxdot.LIBRARY_PATH}")
    print(f"{'what':44s} {'per second':>14s}")
    for k in (32, 128):
        n_batch, n_loop = 200_000 if k == 32 else 50_000, 20_000
        codes = rng.integers(0, 256, size=(n_batch, k), dtype=np.uint8)
        codes[(codes & 0x7F) == 0x7F] = 0x38              # no NaN: the full path
        other = codes[::-1].copy()
        xa = rng.integers(120, 135, n_batch, dtype=np.uint8)
        xb = rng.integers(120, 135, n_batch, dtype=np.uint8)
        c = rng.standard_normal(n_batch).astype(np.float32)
        batch = median_rate(lambda: mxdot.dot_batch(codes, other, xa, xb, c), n_batch)

        def loop():
            for g in range(n_loop):
                mxdot.dot(codes[g], other[g], xa[g], xb[g], c[g])
        single = median_rate(loop, n_loop)
        print(f"{f'dot_batch, K={k} (loop in C)':44s} {batch:14,.0f} groups")
        print(f"{f'Python loop of dot(), K={k}':44s} {single:14,.0f} groups")
        print(f"{f'  ratio batch / loop, K={k}':44s} {batch / single:14.1f} x")
    x = (rng.standard_normal(200_000) * 30).astype(np.float32)
    enc = median_rate(lambda: mxdot.from_float32(x, "e4m3"), x.size, runs=3)
    e4 = mxdot.from_float32(x, "e4m3")[0]
    dec = median_rate(lambda: mxdot.to_float32(e4, "e4m3"), x.size)
    q = median_rate(lambda: mxdot.quantize(x, "e4m3"), x.size)
    print(f"{'from_float32 e4m3 (a C call per element)':44s} {enc:14,.0f} elements")
    print(f"{'to_float32 e4m3 (table from C)':44s} {dec:14,.0f} elements")
    print(f"{'quantize e4m3, groups of 32 (loop in C)':44s} {q:14,.0f} elements")
    return 0


if __name__ == "__main__":
    sys.exit(main())
