#!/usr/bin/env python3
"""make_vectors.py - vectors for the truncating-unit presets of ref/mxmodel.h,
computed by the third-party bit-accurate model MMA-Sim (PyPI `mmasim`).

    make_vectors.py --preset blackwell|hopper --count N --seed S [--out FILE]

Writes SPEC section 3 vector lines `[F] RM XA XB C A B D FLAGS` whose D is
what mmasim computes:
  blackwell: mmasim.nv_ptx.sim.TCGen05MMABlockScale("Blackwell",
             "m128n8k32.kind::mxf8f6f4.block32.f32.<fa>.<fb>.ue8m0").dpa(a, b, c,
             alpha, beta), i.e. tcgen05.mma kind::mxf8f6f4 with UE8M0 block
             scales (one scale pair per group, every 32-element chunk);
  hopper:    mmasim.nv_ptx.sim.WGMMA("Hopper", "m64n8k32.f32.<fa>.<fb>").dpa(a, b, c);
             wgmma has no scale inputs: every line has XA = XB = 7F (scale 1).
RM is 1 (RTZ: these units truncate whatever the mode) and FLAGS is 00
(tensor cores raise no exception flags; the presets raise none either).
Groups longer than 32 elements go through mmasim's own chunk loop (32 at a
time, the result fed back as c), groups shorter than 32 are what the unit
computes with the rest of its lanes zero.

Only data generation is ours; every D comes from mmasim.
SPDX-License-Identifier: Apache-2.0
"""
import argparse
import platform
import random
import struct
import sys
from fractions import Fraction

import torch
import mmasim
from mmasim.nv_ptx.sim import TCGen05MMABlockScale, WGMMA

# format codes of SPEC section 1 -> PTX type names
FMT_NAME = {0: "e4m3", 1: "e5m2", 2: "e3m2", 3: "e2m3", 4: "e2m1"}
FMT_BITS = {0: 8, 1: 8, 2: 6, 3: 6, 4: 4}
# (exponent bits, mantissa bits, bias) of the sign-magnitude formats
FMT_LAYOUT = {0: (4, 3, 7), 1: (5, 2, 15), 2: (3, 2, 3), 3: (2, 3, 1), 4: (2, 1, 1)}

PRESETS = {
    "blackwell": {"formats": [0, 1, 2, 3, 4], "scales": True},
    "hopper": {"formats": [0, 1], "scales": False},
}


# ---- element codes and values (SPEC section 1) ----

def is_nan(fmt, x):
    if fmt == 0:
        return (x & 0x7F) == 0x7F
    if fmt == 1:
        return (x & 0x7C) == 0x7C and (x & 3) != 0
    return False


def is_inf(fmt, x):
    return fmt == 1 and (x & 0x7F) == 0x7C


def value(fmt, x):
    """Exact value of a finite element as a Fraction."""
    eb, mb, bias = FMT_LAYOUT[fmt]
    width = FMT_BITS[fmt]
    s = (x >> (width - 1)) & 1
    e = (x >> mb) & ((1 << eb) - 1)
    m = x & ((1 << mb) - 1)
    sig = ((1 << mb) if e else 0) | m
    v = Fraction(sig) * Fraction(2) ** ((e if e else 1) - bias - mb)
    return -v if s else v


def elem_exp(fmt, x):
    """floor(log2|x|) of a finite non-zero element, or -1000 for zero."""
    v = abs(value(fmt, x))
    if v == 0:
        return -1000
    return v.numerator.bit_length() - v.denominator.bit_length() - (
        1 if v < Fraction(2) ** (v.numerator.bit_length() - v.denominator.bit_length()) else 0)


def code(fmt, sign, e, m):
    eb, mb, _ = FMT_LAYOUT[fmt]
    return (sign << (eb + mb)) | (e << mb) | m


def max_exp_field(fmt):
    """Largest exponent field of a finite, non-NaN normal element."""
    eb, _, _ = FMT_LAYOUT[fmt]
    return (1 << eb) - 2 if fmt == 1 else (1 << eb) - 1


def random_finite(rng, fmt, lo=None, hi=None):
    """A random finite element, exponent field in lo..hi."""
    eb, mb, _ = FMT_LAYOUT[fmt]
    top = max_exp_field(fmt)
    lo = 0 if lo is None else max(0, lo)
    hi = top if hi is None else min(top, hi)
    while True:
        x = code(fmt, rng.getrandbits(1), rng.randint(lo, hi), rng.getrandbits(mb))
        if not is_nan(fmt, x) and not is_inf(fmt, x):
            return x


def f32_bits(x):
    return struct.unpack("<I", struct.pack("<f", x))[0]


def f32_from_fraction(v):
    """A binary32 pattern near v (not necessarily the nearest: only used to
    build cancelling accumulators); saturates to the largest finite."""
    if v == 0:
        return 0
    d = float(v) if abs(v) < Fraction(2) ** 1000 else (1e300 if v > 0 else -1e300)
    if abs(d) >= 3.4028234663852886e38:
        return 0x7F7FFFFF | (0x80000000 if d < 0 else 0)
    return f32_bits(d)


def random_c(rng, lo=-149, hi=127):
    """A finite binary32 with exponent roughly in lo..hi (subnormals included)."""
    e = rng.randint(lo, hi)
    s = rng.getrandbits(1) << 31
    if e < -126:
        return s | (rng.getrandbits(23) >> min(23, -126 - e)) | 1
    return s | ((e + 127) << 23) | rng.getrandbits(23)


# ---- group kinds: what the vectors cover ----

def scale_pair(rng, preset, kind):
    if not PRESETS[preset]["scales"]:
        return 0x7F, 0x7F
    if kind == "overflow":
        t = rng.randint(250, 254 + 254 - 127)
        xa = rng.randint(max(0, t - 254), min(254, t))
        return xa, t - xa
    if kind == "subnormal":
        t = rng.randint(0, 90)
        xa = rng.randint(0, t)
        return xa, t - xa
    if kind == "random":
        return rng.randint(0, 254), rng.randint(0, 254)
    return rng.randint(117, 137), rng.randint(117, 137)


def exact_sum(fa, fb, a, b, xa, xb):
    s = sum(value(fa, x) * value(fb, y) for x, y in zip(a, b))
    return s * Fraction(2) ** (xa - 127 + xb - 127)


def make_group(rng, preset, kind, fa, fb, k):
    """Return (xa, xb, c, a, b) for one group of the given kind."""
    xa, xb = scale_pair(rng, preset, kind)
    ra = lambda lo=None, hi=None: random_finite(rng, fa, lo, hi)
    rb = lambda lo=None, hi=None: random_finite(rng, fb, lo, hi)
    a = [ra() for _ in range(k)]
    b = [rb() for _ in range(k)]
    c = 0
    if kind == "random":
        c = random_c(rng) if rng.random() < 0.8 else rng.choice([0, 0x80000000])
    elif kind == "typical":
        # exponents bunched like quantized data: a few binades below the top
        ta, tb = max_exp_field(fa), max_exp_field(fb)
        a = [ra(ta - 4, ta) if rng.random() < 0.9 else ra() for _ in range(k)]
        b = [rb(tb - 4, tb) if rng.random() < 0.9 else rb() for _ in range(k)]
        s = exact_sum(fa, fb, a, b, xa, xb)
        c = f32_from_fraction(s * Fraction(rng.randint(-64, 64), 16)) if rng.random() < 0.8 else 0
    elif kind == "cancel":
        # products cancel in pairs, or c cancels the group, to a few bits
        for i in range(0, k - 1, 2):
            if rng.random() < 0.7:
                a[i + 1] = a[i] ^ (1 << (FMT_BITS[fa] - 1))
                b[i + 1] = b[i]
        s = exact_sum(fa, fb, a, b, xa, xb)
        c = f32_from_fraction(-s) if rng.random() < 0.7 else random_c(rng, -20, 20)
        if rng.random() < 0.3 and k > 1:   # and a small leftover
            a[-1] = ra(0, 2)
    elif kind == "spread":
        # c far above or below the products: around the truncation point
        s = exact_sum(fa, fb, a, b, xa, xb)
        if s == 0:
            c = random_c(rng)
        else:
            e = abs(s).numerator.bit_length() - abs(s).denominator.bit_length()
            e = max(-140, min(120, e + rng.randint(-45, 45)))
            c = random_c(rng, e, e)
        if rng.random() < 0.5:
            # one product far above the rest
            ta, tb = max_exp_field(fa), max_exp_field(fb)
            a = [ra(0, 3) for _ in range(k)]
            b = [rb(0, 3) for _ in range(k)]
            a[rng.randrange(k)] = ra(ta - 1, ta)
    elif kind == "overflow":
        ta, tb = max_exp_field(fa), max_exp_field(fb)
        a = [ra(ta - 1, ta) for _ in range(k)]
        b = [rb(tb - 1, tb) for _ in range(k)]
        sign = rng.getrandbits(1)
        for i in range(k):
            if rng.random() < 0.8:
                a[i] = (a[i] & ~(1 << (FMT_BITS[fa] - 1))) | (sign << (FMT_BITS[fa] - 1))
                b[i] &= ~(1 << (FMT_BITS[fb] - 1))
        c = rng.choice([0, 0x7F7FFFFF, 0xFF7FFFFF, random_c(rng, 120, 127)])
    elif kind == "subnormal":
        a = [ra(0, 1) for _ in range(k)]
        b = [rb(0, 2) for _ in range(k)]
        c = rng.choice([0, 0x80000000, random_c(rng, -149, -120), random_c(rng, -149, -127)])
    elif kind == "zeros":
        for i in range(k):
            r = rng.random()
            if r < 0.5:
                a[i] = rng.choice([0, 1 << (FMT_BITS[fa] - 1)])
            elif r < 0.8:
                b[i] = rng.choice([0, 1 << (FMT_BITS[fb] - 1)])
        c = rng.choice([0, 0x80000000, 0, 0x80000000, random_c(rng)])
        if rng.random() < 0.3:
            # every term a zero of one sign (SPEC rule 3 gives -0; NVIDIA +0)
            sign = rng.getrandbits(1)
            for i in range(k):
                a[i] = rng.choice([0, 1 << (FMT_BITS[fa] - 1)])
                b[i] = (sign ^ (a[i] >> (FMT_BITS[fa] - 1))) << (FMT_BITS[fb] - 1)
            c = sign << 31
        elif rng.random() < 0.3:
            s = exact_sum(fa, fb, a, b, xa, xb)
            c = f32_from_fraction(-s) if s != 0 else c
    elif kind == "zeroexp":
        # c = +-0 and every product below 2^-133: a zero term's exponent
        # (-133 in mmasim) sets the alignment, which cuts the products at
        # 2^-158; products of similar size near 2^-152 then lose bits whose
        # sum can cross a 2^-149 step of the (subnormal) result
        c = rng.choice([0, 0x80000000])
        if PRESETS[preset]["scales"]:
            ta, tb = max_exp_field(fa), max_exp_field(fb)
            a = [ra(ta - 1, ta) for _ in range(k)]
            b = [rb(tb - 1, tb) for _ in range(k)]
            if rng.random() < 0.7:   # mostly one sign, so the sum grows
                for i in range(k):
                    a[i] &= ~(1 << (FMT_BITS[fa] - 1))
                    b[i] &= ~(1 << (FMT_BITS[fb] - 1))
            top = max(elem_exp(fa, x) + elem_exp(fb, y) for x, y in zip(a, b))
            t = max(-254, min(254, rng.randint(-156, -148) - top))
            xa = max(0, min(254, 127 + t // 2))
            xb = max(0, min(254, 254 + t - xa))
    elif kind == "special":
        r = rng.random()
        if r < 0.25:
            nan_codes = [x for x in range(1 << FMT_BITS[fa]) if is_nan(fa, x)]
            if nan_codes:
                a[rng.randrange(k)] = rng.choice(nan_codes)
            else:
                c = rng.choice([0x7FC00000, 0xFFC00001])
        elif r < 0.4 and PRESETS[preset]["scales"]:
            if rng.random() < 0.5:
                xa = 0xFF
            else:
                xb = 0xFF
        elif r < 0.6:
            c = rng.choice([0x7FC00000, 0xFFC00000, 0x7F800001, 0xFFA00000, 0x7FBFFFFF])
        elif r < 0.8:
            c = rng.choice([0x7F800000, 0xFF800000])
        else:
            # E5M2 infinities: +-Inf products, Inf * 0
            infs = [x for x in (0x7C, 0xFC) if fa == 1]
            if infs:
                for _ in range(rng.randint(1, 2)):
                    a[rng.randrange(k)] = rng.choice(infs)
                if rng.random() < 0.3:
                    b[rng.randrange(k)] = 0
                c = rng.choice([0, 0x7F800000, 0xFF800000, random_c(rng)])
            else:
                c = rng.choice([0x7F800000, 0xFF800000])
    return xa, xb, c, a, b


KINDS = [("random", 16), ("typical", 24), ("cancel", 14), ("spread", 14), ("overflow", 6),
         ("subnormal", 8), ("zeroexp", 7), ("zeros", 6), ("special", 5)]


def pick(rng, weighted):
    total = sum(w for _, w in weighted)
    r = rng.random() * total
    for name, w in weighted:
        r -= w
        if r < 0:
            return name
    return weighted[-1][0]


def pick_k(rng):
    r = rng.random()
    if r < 0.6:
        return 32
    if r < 0.8:
        return rng.randint(1, 31)
    if r < 0.93:
        return rng.choice([64, 128])
    return rng.choice([33, 40, 63, 65, 96, 100, 127, 160, 200, 256])


def pick_formats(rng, preset):
    fmts = PRESETS[preset]["formats"]
    if rng.random() < 0.5:
        return 0, 0
    return rng.choice(fmts), rng.choice(fmts)


# ---- mmasim ----

def to_torch_elems(fmt, codes, k):
    t = torch.tensor(codes, dtype=torch.uint8).reshape(-1, k)
    if fmt == 0:
        return t.view(torch.float8_e4m3fn)
    if fmt == 1:
        return t.view(torch.float8_e5m2)
    if fmt == 4:
        return t << 2   # mmasim holds an FP4 element in bits 5:2 of its byte
    return t            # FP6 in bits 5:0


def run_mmasim(preset, fa, fb, k, groups):
    """D patterns for groups [(xa, xb, c, a, b)] of one (fa, fb, k)."""
    a = to_torch_elems(fa, [x for g in groups for x in g[3]], k)
    b = to_torch_elems(fb, [x for g in groups for x in g[4]], k)
    c = torch.tensor([g[2] - (1 << 32) if g[2] >= 1 << 31 else g[2] for g in groups],
                     dtype=torch.int32).view(torch.float32)
    if preset == "blackwell":
        op = TCGen05MMABlockScale(
            "Blackwell", f"m128n8k32.kind::mxf8f6f4.block32.f32.{FMT_NAME[fa]}.{FMT_NAME[fb]}.ue8m0")
        xa = torch.tensor([g[0] for g in groups], dtype=torch.uint8).reshape(-1, 1)
        xb = torch.tensor([g[1] for g in groups], dtype=torch.uint8).reshape(-1, 1)
        d = op.dpa(a, b, c, xa.view(torch.float8_e8m0fnu), xb.view(torch.float8_e8m0fnu))
    else:
        op = WGMMA("Hopper", f"m64n8k32.f32.{FMT_NAME[fa]}.{FMT_NAME[fb]}")
        d = op.dpa(a, b, c)
    return [x & 0xFFFFFFFF for x in d.view(torch.int32).tolist()]


def versions():
    return (f"python {platform.python_version()}, torch {torch.__version__}, "
            f"mmasim {mmasim_version()}")


def mmasim_version():
    from importlib.metadata import version
    return version("mmasim")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--preset", required=True, choices=sorted(PRESETS))
    ap.add_argument("--count", type=int, required=True)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--out", default="-")
    args = ap.parse_args()
    torch.set_num_threads(1)
    rng = random.Random(args.seed)
    out = sys.stdout if args.out == "-" else open(args.out, "w")

    groups = []
    for _ in range(args.count):
        kind = pick(rng, KINDS)
        fa, fb = pick_formats(rng, args.preset)
        k = pick_k(rng)
        groups.append((kind, fa, fb, k) + make_group(rng, args.preset, kind, fa, fb, k))

    buckets = {}
    for i, g in enumerate(groups):
        buckets.setdefault((g[1], g[2], g[3]), []).append(i)
    results = [None] * len(groups)
    for n, ((fa, fb, k), idx) in enumerate(sorted(buckets.items())):
        ds = run_mmasim(args.preset, fa, fb, k, [groups[i][4:] for i in idx])
        for i, d in zip(idx, ds):
            results[i] = d
        print(f"make_vectors: {args.preset}: bucket {n + 1}/{len(buckets)}", file=sys.stderr)

    counts = {}
    for g in groups:
        counts[g[0]] = counts.get(g[0], 0) + 1
    out.write(f"# {args.preset} preset vectors computed by MMA-Sim (PyPI mmasim), "
              f"not by this project\n")
    out.write(f"# command: scripts/mmasim/make_vectors.py --preset {args.preset} "
              f"--count {args.count} --seed {args.seed}\n")
    out.write(f"# tools: {versions()}\n")
    if args.preset == "blackwell":
        out.write("# model: TCGen05MMABlockScale(\"Blackwell\", \"m128n8k32.kind::mxf8f6f4."
                  "block32.f32.<fa>.<fb>.ue8m0\").dpa(a, b, c, xa, xb)\n")
    else:
        out.write("# model: WGMMA(\"Hopper\", \"m64n8k32.f32.<fa>.<fb>\").dpa(a, b, c); "
                  "scales 7F (wgmma has none)\n")
    out.write("# RM 1 (the unit truncates in every mode); FLAGS 00 (no flags: mmasim "
              "models none)\n")
    out.write("# kinds: " + ", ".join(f"{k} {counts.get(k, 0)}" for k, _ in KINDS) + "\n")
    out.write(f"# groups: {len(groups)}\n")
    for g, d in zip(groups, results):
        kind, fa, fb, k, xa, xb, c, a, b = g
        f = "" if fa == 0 and fb == 0 else f"{fa}{fb} "
        out.write(f"{f}1 {xa:02X} {xb:02X} {c:08X} {''.join(f'{x:02X}' for x in a)} "
                  f"{''.join(f'{x:02X}' for x in b)} {d:08X} 00\n")
    if out is not sys.stdout:
        out.close()


if __name__ == "__main__":
    main()
