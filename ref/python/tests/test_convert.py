# SPDX-License-Identifier: Apache-2.0
"""Element and scale conversions against ml_dtypes where the two overlap:
decoding every code of float8_e4m3fn, float8_e5m2, float6_e3m2fn,
float6_e2m3fn, float4_e2m1fn and float8_e8m0fnu; rounding binary32 values
into the five element types (nearest even; E4M3 NaN and E5M2 Inf on
overflow as ml_dtypes does, saturation for the FP6/FP4 types). Where they
differ by design (a NaN into a format without NaN), our documented result
is asserted instead."""

from fractions import Fraction

import numpy as np
import pytest
import ml_dtypes

import mxdot

TYPES = [("e4m3", ml_dtypes.float8_e4m3fn, 8), ("e5m2", ml_dtypes.float8_e5m2, 8),
         ("e3m2", ml_dtypes.float6_e3m2fn, 6), ("e2m3", ml_dtypes.float6_e2m3fn, 6),
         ("e2m1", ml_dtypes.float4_e2m1fn, 4)]
HAS_NAN = {"e4m3", "e5m2"}


def same_f32(x, y):
    """Bitwise equal float32 arrays, any NaN equal to any NaN."""
    xb, yb = x.view(np.uint32), y.view(np.uint32)
    return (xb == yb) | (np.isnan(x) & np.isnan(y))


@pytest.mark.parametrize("name,dtype,width", TYPES)
def test_decode_every_code(name, dtype, width):
    codes = np.arange(1 << width, dtype=np.uint8)
    ours = mxdot.to_float32(codes, name)
    theirs = codes.view(dtype).astype(np.float32)
    assert same_f32(ours, theirs).all()
    # bits above the width are ignored
    high = (codes | np.uint8((0xFF << width) & 0xFF)).astype(np.uint8)
    assert same_f32(mxdot.to_float32(high, name), ours).all()


def test_decode_int8():
    codes = np.arange(256, dtype=np.uint8)
    assert (mxdot.to_float32(codes, "int8") == codes.view(np.int8) / np.float32(64)).all()


def test_decode_ue8m0_every_code():
    codes = np.arange(256, dtype=np.uint8)
    ours = mxdot.ue8m0_to_float32(codes)
    theirs = codes.view(ml_dtypes.float8_e8m0fnu).astype(np.float32)
    assert same_f32(ours, theirs).all()
    assert ours[0] == np.float32(2.0 ** -127) and np.isnan(ours[255])


def probe_values(rng, dtype, width):
    """binary32 values that matter for a conversion into dtype: every code's
    value, the midpoints between neighbours and one float32 ulp either side,
    random values over the whole exponent range, zeros, infinities."""
    codes = np.arange(1 << width, dtype=np.uint8)
    vals = np.unique(codes.view(dtype).astype(np.float64))
    vals = vals[np.isfinite(vals)]
    mids = (vals[:-1] + vals[1:]) / 2
    base = np.concatenate([vals, mids, vals * 2, mids * 1.5]).astype(np.float32)
    ulps = base.view(np.uint32)
    near = np.concatenate([ulps - 1, ulps, ulps + 1]).view(np.float32)
    rand = rng.integers(0, 1 << 32, size=20000, dtype=np.uint64).astype(np.uint32).view(np.float32)
    # random magnitudes around the format's range
    wide = (rng.standard_normal(20000) * 2.0 ** rng.integers(-20, 20, 20000)).astype(np.float32)
    special = np.array([0.0, -0.0, np.inf, -np.inf, 1e-45, -1e-45, 3.4e38, -3.4e38], np.float32)
    out = np.concatenate([base, -base, near, -near, rand, wide, special]).astype(np.float32)
    return out[~np.isnan(out)]


@pytest.mark.parametrize("name,dtype,width", TYPES)
def test_round_to_element_like_ml_dtypes(name, dtype, width):
    rng = np.random.default_rng(7)
    x = probe_values(rng, dtype, width)
    ours, flags = mxdot.from_float32(x, name, overflow="nan")
    theirs = x.astype(dtype).view(np.uint8)
    if name in HAS_NAN:
        # NaN codes: any NaN matches any NaN (ml_dtypes may differ in sign)
        o = ours.view(dtype).astype(np.float32)
        t = theirs.view(dtype).astype(np.float32)
        ok = (ours == theirs) | (np.isnan(o) & np.isnan(t))
    else:
        ok = ours == theirs
    bad = np.flatnonzero(~ok)
    assert bad.size == 0, [(float(x[i]), hex(ours[i]), hex(theirs[i])) for i in bad[:5]]
    assert flags & mxdot.FLAG_NX


@pytest.mark.parametrize("name,dtype,width", TYPES)
def test_round_trip_every_value(name, dtype, width):
    codes = np.arange(1 << width, dtype=np.uint8)
    vals = mxdot.to_float32(codes, name)
    keep = ~np.isnan(vals)    # every code but the NaNs comes back (E5M2 Inf too)
    back, flags = mxdot.from_float32(vals[keep], name)
    assert (back == codes[keep]).all() and flags == 0


def test_overflow_policies():
    big = np.array([1e6, -1e6, np.inf], np.float32)
    sat, f1 = mxdot.from_float32(big, "e4m3", overflow="saturate")
    nan, f2 = mxdot.from_float32(big, "e4m3", overflow="nan")
    assert list(sat) == [0x7E, 0xFE, 0x7E] and f1 & mxdot.FLAG_OF
    assert list(nan) == [0x7F, 0xFF, 0x7F] and f2 & mxdot.FLAG_OF
    inf, _ = mxdot.from_float32(big, "e5m2", overflow="nan")
    assert list(inf) == [0x7C, 0xFC, 0x7C]
    sat5, _ = mxdot.from_float32(big[:2], "e5m2", overflow="saturate")
    assert list(sat5) == [0x7B, 0xFB]


@pytest.mark.parametrize("name", ["e3m2", "e2m3", "e2m1", "int8"])
def test_nan_into_format_without_nan(name):
    # ml_dtypes gives -0 for the FP6/FP4 types; ours is +0 with NV (documented
    # in ref/mxdot.h), so that the invalid conversion is flagged.
    code, flags = mxdot.from_float32(np.array([np.nan], np.float32), name)
    assert code[0] == 0 and flags & mxdot.FLAG_NV


def test_int8_rounding():
    x = np.array([1.0, -2.0, 1.984375, 2.5, -3.0, 1 / 128, 3 / 128, -1 / 128], np.float32)
    codes, flags = mxdot.from_float32(x, "int8")
    # i * 2^-6, nearest even, saturating at 0x7F / 0x80
    assert list(codes) == [0x40, 0x80, 0x7F, 0x7F, 0x80, 0x00, 0x02, 0x00]
    assert flags & mxdot.FLAG_OF and flags & mxdot.FLAG_NX


def test_exact_values():
    assert mxdot.value(0x7E, "e4m3") == 448
    assert mxdot.value(0x01, "e4m3") == mxdot.value(0x04, "e5m2") * 2 ** 5
    assert mxdot.value(0x7F, "e4m3") is None and mxdot.value(0x7C, "e5m2") is None
    assert mxdot.decode(0x80, "e4m3") == (1, 0, -9)
    assert mxdot.format_bits("mxfp4") == 4 and mxdot.format_name(1) == "e5m2"
    assert mxdot.format_name(6) is None


# precision (significant bits), exponent of the smallest normal, largest finite
GEOMETRY = {"e4m3": (4, -6, 448), "e5m2": (3, -14, 57344), "e3m2": (3, -2, 28),
            "e2m3": (4, 0, 7.5), "e2m1": (2, 0, 6)}


def round_unbounded(a, p):
    """a > 0 (Fraction) to p significant bits, nearest even, any exponent."""
    e = a.numerator.bit_length() - a.denominator.bit_length()
    while Fraction(2) ** e > a:
        e -= 1
    while Fraction(2) ** (e + 1) <= a:
        e += 1
    q = a / Fraction(2) ** (e - p + 1)
    n = q.numerator // q.denominator
    r = q - n
    if r > Fraction(1, 2) or (r == Fraction(1, 2) and n % 2):
        n += 1
    return n * Fraction(2) ** (e - p + 1)


@pytest.mark.parametrize("name,dtype,width", TYPES)
def test_flags_per_element(name, dtype, width):
    # NX when the code's value differs from x; OF when x rounded to the
    # format's precision exceeds the largest finite; UF when, so rounded
    # with an unbounded exponent, it is below the smallest normal (tininess
    # after rounding) and the result is inexact.
    p, emin, largest = GEOMETRY[name]
    rng = np.random.default_rng(5)
    small = 2.0 ** emin
    x = np.concatenate([
        (rng.random(1500) * 2.2 * small).astype(np.float32),      # around the normal boundary
        (small * (1 - 2.0 ** -np.arange(1, 24))).astype(np.float32),  # just below it
        probe_values(rng, dtype, width)[::25]]).astype(np.float32)
    x = x[np.isfinite(x)]
    for v in x:
        code, flags = mxdot.from_float32(np.float32(v), name)
        xv = Fraction(float(v))
        if xv == 0:
            assert flags == 0
            continue
        unb = round_unbounded(abs(xv), p)
        if unb > largest:
            assert flags == mxdot.FLAG_OF | mxdot.FLAG_NX, (name, float(v), flags)
            continue
        r = Fraction(float(np.array([code], np.uint8).view(dtype).astype(np.float64)[0]))
        inexact = r != xv
        tiny = unb < Fraction(2) ** emin
        want = (mxdot.FLAG_NX if inexact else 0) | (mxdot.FLAG_UF if tiny and inexact else 0)
        assert flags == want, (name, float(v), hex(int(code)), flags, want)
