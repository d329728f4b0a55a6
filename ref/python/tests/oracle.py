# SPDX-License-Identifier: Apache-2.0
"""An independent model of the group operation in exact rational arithmetic
(fractions.Fraction), written from docs/spec.md section 2 without looking at
libmxdot: elements decoded by ml_dtypes (INT8 by numpy), the exact value
c + 2^(xa-127) * 2^(xb-127) * sum a[i]*b[i], then one rounding to binary32
with tininess after rounding. Slow, and meant for small groups."""

from fractions import Fraction
import math

import ml_dtypes
import numpy as np

QNAN = 0x7FC00000
NV, OF, UF, NX = 0x10, 0x04, 0x02, 0x01

ML_DTYPES = {
    0: ml_dtypes.float8_e4m3fn,
    1: ml_dtypes.float8_e5m2,
    2: ml_dtypes.float6_e3m2fn,
    3: ml_dtypes.float6_e2m3fn,
    4: ml_dtypes.float4_e2m1fn,
}
WIDTH = {0: 8, 1: 8, 2: 6, 3: 6, 4: 4, 5: 8}


def elem_float(code, fmt):
    """(value as a Python float, sign bit) of one element, from ml_dtypes."""
    code &= (1 << WIDTH[fmt]) - 1
    if fmt == 5:
        i = int(np.array([code], np.uint8).view(np.int8)[0])
        return i / 64.0, 1 if i < 0 else 0
    v = float(np.array([code], np.uint8).view(ML_DTYPES[fmt])[0])
    return v, code >> (WIDTH[fmt] - 1)


def f32_value(bits):
    """binary32 bits -> Python float (exact) and sign bit."""
    v = float(np.array([bits], np.uint32).view(np.float32)[0])
    return v, bits >> 31


def _round_int(q, rm, neg):
    """q >= 0 rounded to an integer in mode rm (sign neg of the whole value)."""
    n = q.numerator // q.denominator
    r = q - n
    if r == 0:
        return n
    up = {0: r > Fraction(1, 2) or (r == Fraction(1, 2) and n % 2 == 1),
          1: False,
          2: neg,
          3: not neg,
          4: r >= Fraction(1, 2)}[rm]
    return n + 1 if up else n


def _floor_log2(a):
    e = a.numerator.bit_length() - a.denominator.bit_length()
    while Fraction(2) ** e > a:
        e -= 1
    while Fraction(2) ** (e + 1) <= a:
        e += 1
    return e


def round_f32(v, rm):
    """Non-zero Fraction v -> (binary32 bits, flags), docs/spec.md rule 4."""
    neg = v < 0
    a = -v if neg else v
    e = _floor_log2(a)
    # 24 significant bits, unbounded exponent
    m = _round_int(a / Fraction(2) ** (e - 23), rm, neg)
    unb = m * Fraction(2) ** (e - 23)
    s = 0x80000000 if neg else 0
    if unb >= Fraction(2) ** 128:
        big = {0: 0x7F800000, 4: 0x7F800000, 1: 0x7F7FFFFF,
               2: 0x7F800000 if neg else 0x7F7FFFFF,
               3: 0x7F7FFFFF if neg else 0x7F800000}[rm]
        return s | big, OF | NX
    tiny = unb < Fraction(2) ** -126
    if e >= -126:
        res = unb
    else:
        res = _round_int(a / Fraction(2) ** -149, rm, neg) * Fraction(2) ** -149
    inexact = res != a
    flags = (NX if inexact else 0) | (UF if tiny and inexact else 0)
    if res == 0:
        return s, flags
    if res < Fraction(2) ** -126:
        return s | int(res / Fraction(2) ** -149), flags
    re = _floor_log2(res)
    frac = int(res / Fraction(2) ** (re - 23)) - (1 << 23)
    return s | ((re + 127) << 23) | frac, flags


def group(a, b, fa, fb, xa, xb, c, rm):
    """The operation on one group: (d bits, flags)."""
    if rm > 4 or fa > 5 or fb > 5:
        return QNAN, NV
    c_val, c_sign = f32_value(c)
    terms = []
    nan = math.isnan(c_val) or xa == 0xFF or xb == 0xFF
    for x, y in zip(a, b):
        xv, xs = elem_float(int(x), fa)
        yv, ys = elem_float(int(y), fb)
        terms.append((xv, xs, yv, ys))
        nan = nan or math.isnan(xv) or math.isnan(yv)
    if nan:
        snan = math.isnan(c_val) and not (c & 0x00400000)
        return QNAN, NV if snan else 0
    infs = set()
    for xv, xs, yv, ys in terms:
        if math.isinf(xv) or math.isinf(yv):
            if xv == 0 or yv == 0:
                return QNAN, NV
            infs.add((xs ^ ys))
    if math.isinf(c_val):
        infs.add(c_sign)
    if len(infs) > 1:
        return QNAN, NV
    if infs:
        return (0xFF800000 if infs.pop() else 0x7F800000), 0
    total = Fraction(0)
    signs = set()
    all_zero = c_val == 0
    if c_val == 0:
        signs.add(c_sign)
    for xv, xs, yv, ys in terms:
        p = Fraction(xv) * Fraction(yv)
        if p == 0:
            signs.add(xs ^ ys)
        else:
            all_zero = False
        total += p
    v = Fraction(c_val) + Fraction(2) ** (xa + xb - 254) * total
    if v == 0:
        if all_zero and len(signs) == 1:
            return (0x80000000 if signs.pop() else 0), 0
        return (0x80000000 if rm == 2 else 0), 0
    return round_f32(v, rm)
