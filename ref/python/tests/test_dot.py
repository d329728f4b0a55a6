# SPDX-License-Identifier: Apache-2.0
"""mxdot.dot and mxdot.dot_batch against the exact-rational model of
tests/oracle.py (elements decoded by ml_dtypes), the SPEC examples, and a
float64 cross-check of E4M3 group sums."""

import pathlib
import random

import numpy as np
import pytest

import mxdot
import oracle

ROOT = pathlib.Path(__file__).resolve().parents[3]
SEED = 20261127


def random_group(rng, k, fa, fb):
    """Element codes, scales, c and rm for one group, biased to hard cases."""
    def elem(fmt):
        r = rng.random()
        if r < 0.1:
            return rng.choice([0x00, 0x80, 0x7F, 0xFF, 0x7C, 0xFC, 0x7E, 0x01])
        if r < 0.2:
            return rng.randrange(256) & ((1 << oracle.WIDTH.get(fmt, 8)) - 1)
        return rng.randrange(256)
    a = [elem(fa) for _ in range(k)]
    b = [elem(fb) for _ in range(k)]
    if rng.random() < 0.7:
        xa, xb = rng.randrange(110, 145), rng.randrange(110, 145)
    else:
        xa, xb = rng.randrange(256), rng.randrange(256)
    r = rng.random()
    if r < 0.3:
        c = 0
    elif r < 0.4:
        c = rng.choice([0x80000000, 0x7F800000, 0xFF800000, 0x7FC00000,
                        0x7F800001, 0x00000001, 0x807FFFFF, 0x7F7FFFFF])
    elif r < 0.8:
        # c near the group term, so that the two meet in the rounding
        exp = min(max(xa + xb - 254 + 127 + rng.randrange(-30, 30), 0), 254)
        c = (rng.randrange(2) << 31) | (exp << 23) | rng.randrange(1 << 23)
    else:
        c = rng.randrange(1 << 32)
    rm = rng.randrange(5) if rng.random() < 0.95 else rng.randrange(5, 8)
    return a, b, xa, xb, c, rm


def test_dot_matches_exact_rational_model():
    rng = random.Random(SEED)
    mismatches = []
    seen = {"NX": 0, "UF": 0, "OF": 0, "subnormal": 0, "+0": 0, "-0": 0,
            "NaN": 0, "Inf": 0, "NV": 0}
    for i in range(4000):
        fa = rng.randrange(6) if rng.random() < 0.97 else rng.randrange(6, 8)
        fb = rng.randrange(6) if rng.random() < 0.97 else rng.randrange(6, 8)
        k = rng.choice([1, 2, 3, 4, 7, 16, 32])
        a, b, xa, xb, c, rm = random_group(rng, k, fa, fb)
        got = mxdot.dot(a, b, xa, xb, c, rm, fa, fb)
        want = oracle.group(a, b, fa, fb, xa, xb, c, rm)
        if got != want:
            mismatches.append((i, fa, fb, rm, xa, xb, hex(c), a, b,
                               [hex(v) for v in got], [hex(v) for v in want]))
        d, fl = want
        seen["NX"] += bool(fl & oracle.NX)
        seen["UF"] += bool(fl & oracle.UF)
        seen["OF"] += bool(fl & oracle.OF)
        seen["NV"] += bool(fl & oracle.NV)
        seen["NaN"] += d == oracle.QNAN
        seen["Inf"] += (d & 0x7FFFFFFF) == 0x7F800000
        seen["subnormal"] += 0 < (d & 0x7FFFFFFF) < 0x00800000
        seen["+0"] += d == 0
        seen["-0"] += d == 0x80000000
    assert not mismatches, f"{len(mismatches)} mismatches, first: {mismatches[:3]}"
    # The random mix must reach every class of result, or it proves little.
    least = {"NX": 500, "UF": 10, "OF": 20, "NV": 20, "NaN": 100, "Inf": 50,
             "subnormal": 10, "+0": 5, "-0": 1}
    assert all(seen[c] >= n for c, n in least.items()), seen


def test_batch_equals_single_calls_and_model():
    rng = random.Random(SEED + 1)
    for fa, fb, rm in [(0, 0, 0), (1, 0, 3), (4, 4, 2), (2, 3, 1), (5, 5, 4), (0, 5, 0)]:
        n, k = 300, rng.choice([1, 5, 32, 33])
        groups = [random_group(rng, k, fa, fb) for _ in range(n)]
        A = np.array([g[0] for g in groups], np.uint8)
        B = np.array([g[1] for g in groups], np.uint8)
        xa = np.array([g[2] for g in groups], np.uint8)
        xb = np.array([g[3] for g in groups], np.uint8)
        c = np.array([g[4] for g in groups], np.uint32)
        d, flags = mxdot.dot_batch(A, B, xa, xb, c, rm, fa, fb)
        assert d.dtype == np.uint32 and flags.dtype == np.uint8 and d.shape == (n,)
        for g in range(n):
            single = mxdot.dot(A[g], B[g], xa[g], xb[g], c[g], rm, fa, fb)
            assert (int(d[g]), int(flags[g])) == single
            want = oracle.group(list(A[g]), list(B[g]), fa, fb, int(xa[g]),
                                int(xb[g]), int(c[g]), rm)
            assert single == want, (fa, fb, rm, g)


def test_batch_broadcasts_scalars_and_float32_c():
    A = np.full((3, 4), 0x38, np.uint8)          # E4M3 1.0
    d, flags = mxdot.dot_batch(A, A, 0x7F, 0x7F, np.float32(0.5))
    assert list(d.view(np.float32)) == [4.5, 4.5, 4.5] and not flags.any()
    d, _ = mxdot.dot_batch(A, A, np.array([0x7F, 0x80, 0x7E], np.uint8), 0x7F,
                           np.array([0, 1, 2], np.float32))
    assert list(d.view(np.float32)) == [4.0, 9.0, 4.0]


def spec_lines():
    path = ROOT / "tests" / "spec_examples.vec"
    for line in path.read_text().splitlines():
        f = line.split("#")[0].split()
        if len(f) in (8, 9):
            yield line, f


def test_spec_examples():
    # Parsed here, independently of ref/mxvec.c: [F] RM XA XB C A B D FLAGS.
    count = 0
    for line, f in spec_lines():
        fa = fb = 0
        if len(f) == 9:
            fa, fb = int(f[0][0], 16), int(f[0][1], 16)
            f = f[1:]
        rm, xa, xb, c = int(f[0], 16), int(f[1], 16), int(f[2], 16), int(f[3], 16)
        a = bytes.fromhex(f[4])
        b = bytes.fromhex(f[5])
        want = (int(f[6], 16), int(f[7], 16))
        assert mxdot.dot(list(a), list(b), xa, xb, c, rm, fa, fb) == want, line
        assert oracle.group(list(a), list(b), fa, fb, xa, xb, c, rm) == want, line
        count += 1
    assert count >= 17


def test_e4m3_group_sums_in_float64():
    # An E4M3 group sum of up to 4096 products is exact in binary64 (a 2^-18
    # grid below 2^48), so with c = 0, unit scales and RNE the result must
    # be the float64 sum rounded once to float32.
    rng = np.random.default_rng(SEED)
    codes = np.arange(256, dtype=np.uint8)
    finite = codes[(codes & 0x7F) != 0x7F]
    for k in (1, 32, 128, 4096):
        A = rng.choice(finite, size=(50, k)).astype(np.uint8)
        B = rng.choice(finite, size=(50, k)).astype(np.uint8)
        d, flags = mxdot.dot_batch(A, B)
        fa = A.view(oracle.ML_DTYPES[0]).astype(np.float64)
        fb = B.view(oracle.ML_DTYPES[0]).astype(np.float64)
        sums = np.sum(fa * fb, axis=1)
        want = sums.astype(np.float32)
        got = d.view(np.float32)
        same = (got == want) & (np.signbit(got) == np.signbit(want)) | (sums == 0)
        assert same.all(), (k, got[~same][:4], want[~same][:4])
        inexact = want.astype(np.float64) != sums
        assert ((flags & mxdot.FLAG_NX) != 0).tolist() == inexact.tolist()


def test_reserved_inputs_give_nan_nv():
    assert mxdot.dot([0x38], [0x38], rm=5) == (0x7FC00000, 0x10)
    assert mxdot.dot([0x38], [0x38], fa=6) == (0x7FC00000, 0x10)
    assert mxdot.dot([0x38], [0x38], fb=7) == (0x7FC00000, 0x10)


@pytest.mark.parametrize("bad", [
    dict(a=[], b=[]),
    dict(a=[1, 2], b=[1]),
    dict(a=[256], b=[1]),
    dict(a=[1.5], b=[1]),
    dict(a=[1], b=[1], xa=256),
    dict(a=[1], b=[1], rm=8),
    dict(a=[1], b=[1], fa="fp8"),
    dict(a=[1], b=[1], fa="e9m9"),
    dict(a=[1], b=[1], c=0.1),
    dict(a=[0] * 4097, b=[0] * 4097),
])
def test_dot_rejects_bad_arguments(bad):
    with pytest.raises((ValueError, TypeError)):
        mxdot.dot(**bad)


def test_batch_rejects_bad_shapes():
    with pytest.raises(ValueError):
        mxdot.dot_batch(np.zeros((2, 3), np.uint8), np.zeros((2, 4), np.uint8))
    with pytest.raises(ValueError):
        mxdot.dot_batch(np.zeros(3, np.uint8), np.zeros(3, np.uint8))
    with pytest.raises(ValueError):
        mxdot.dot_batch(np.zeros((2, 3), np.uint8), np.zeros((2, 3), np.uint8),
                        xa=np.zeros(3, np.uint8))
