# SPDX-License-Identifier: Apache-2.0
"""quantize / dequantize against a model built on ml_dtypes: the scale of
each group from its largest magnitude (OCP MX floor policy, and the ceil
policy), the elements x / 2^X rounded by ml_dtypes (nearest even, in
binary64 first so that the division is exact), and back."""

from fractions import Fraction

import ml_dtypes
import numpy as np
import pytest

import mxdot

FMT = {"e4m3": (ml_dtypes.float8_e4m3fn, 8, 448.0),
       "e5m2": (ml_dtypes.float8_e5m2, 15, 57344.0),
       "e3m2": (ml_dtypes.float6_e3m2fn, 4, 28.0),
       "e2m3": (ml_dtypes.float6_e2m3fn, 2, 7.5),
       "e2m1": (ml_dtypes.float4_e2m1fn, 2, 6.0)}


def model_scale(amax, emax, largest, policy):
    if amax == 0:
        return 0
    e = Fraction(amax).numerator.bit_length() - Fraction(amax).denominator.bit_length()
    while Fraction(2) ** e > Fraction(amax):
        e -= 1
    while Fraction(2) ** (e + 1) <= Fraction(amax):
        e += 1
    x = e - emax
    if policy == "ceil" and Fraction(amax) > Fraction(largest) * Fraction(2) ** x:
        x += 1
    return min(max(x + 127, 0), 254)


def model_quantize(x, name, group, policy):
    dtype, emax, largest = FMT[name]
    elems, scales = [], []
    for g in range(0, x.size, group):
        chunk = x[g:g + group].astype(np.float64)
        amax = float(np.max(np.abs(chunk)))
        s = model_scale(amax, emax, largest, policy)
        scales.append(s)
        q = (chunk / 2.0 ** (s - 127)).astype(dtype).view(np.uint8)
        elems.append(q)
    return np.concatenate(elems), np.array(scales, np.uint8)


def data(rng, n):
    # groups of very different magnitudes, some all zero, a few subnormals
    mags = 2.0 ** rng.integers(-130, 120, size=n // 32 + 1)
    x = rng.standard_normal(n) * np.repeat(mags, 32)[:n]
    x[rng.random(n) < 0.05] = 0.0
    x[:32] = 0.0
    return x.astype(np.float32)


@pytest.mark.parametrize("name", sorted(FMT))
@pytest.mark.parametrize("policy", ["floor", "ceil"])
@pytest.mark.parametrize("group", [32, 16, 128])
def test_quantize_like_model(name, policy, group):
    rng = np.random.default_rng(11)
    x = data(rng, 4096 + 17)
    elems, scales, flags = mxdot.quantize(x, name, group=group, policy=policy, overflow="nan")
    want_e, want_s = model_quantize(x, name, group, policy)
    assert (scales == want_s).all(), np.flatnonzero(scales != want_s)[:5]
    dtype = FMT[name][0]
    ours = elems.view(dtype).astype(np.float64)
    theirs = want_e.view(dtype).astype(np.float64)
    same = (elems == want_e) | (np.isnan(ours) & np.isnan(theirs))
    assert same.all(), [(float(x[i]), hex(elems[i]), hex(want_e[i])) for i in np.flatnonzero(~same)[:5]]
    if policy == "ceil":
        assert not flags & mxdot.FLAG_OF       # the ceil policy never overflows
    # back: element * 2^(scale-127), rounded once to binary32
    y, _ = mxdot.dequantize(elems, scales, name, group=group)
    want_y = (ours * 2.0 ** (np.repeat(scales.astype(np.int64), group)[:x.size] - 127)).astype(np.float32)
    ok = (y.view(np.uint32) == want_y.view(np.uint32)) | (np.isnan(y) & np.isnan(want_y))
    assert ok.all()


def test_nan_and_inf_groups():
    x = np.ones(64, np.float32)
    x[3] = np.nan
    x[40] = np.inf
    elems, scales, _ = mxdot.quantize(x, "e4m3")
    assert list(scales) == [0xFF, 0xFF]
    y, _ = mxdot.dequantize(elems, scales, "e4m3")
    assert np.isnan(y).all()


def test_default_is_ocp_mxfp8():
    # 32 values, amax 6.0: floor(log2 6) - 8 = -6, scale 0x79, elements x * 64
    x = np.linspace(-6, 6, 32, dtype=np.float32)
    elems, scales, _ = mxdot.quantize(x)
    assert list(scales) == [0x79]
    assert elems.shape == x.shape and elems.dtype == np.uint8


def test_quantize_rejects_bad_arguments():
    with pytest.raises(ValueError):
        mxdot.quantize(np.ones(4, np.float32), group=0)
    with pytest.raises(ValueError):
        mxdot.dequantize(np.ones(40, np.uint8), np.ones(1, np.uint8))
    with pytest.raises(ValueError):
        mxdot.quantize(np.ones(4, np.float32), "e9m9")
    with pytest.raises(KeyError):
        mxdot.quantize(np.ones(4, np.float32), policy="nearest")
