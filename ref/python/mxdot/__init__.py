# SPDX-License-Identifier: Apache-2.0
"""mxdot: the OCP MX golden reference (libmxdot) from Python and numpy.

Every number comes from the C library through ctypes; this package only
moves arrays in and out. Values travel as bit patterns: uint8 element and
scale codes, uint32 binary32 words (numpy float32 arrays are accepted where
a binary32 is expected and viewed as their bits). docs/api.md ("Python")
has the guide, docs/spec.md the contract.

    import numpy as np, mxdot
    d, flags = mxdot.dot(a, b, xa=0x7F, xb=0x7F, c=0.0, rm=mxdot.RNE)
    d, flags = mxdot.dot_batch(A, B, xa, xb, c)    # many groups, loop in C
    d, flags = mxdot.dot(a, b, model="blackwell")  # a truncating tensor core
    x = mxdot.to_float32(codes, "e2m1")            # exact decode
    codes, flags = mxdot.from_float32(x, "e4m3")   # round to nearest even
    elems, scales, flags = mxdot.quantize(x, "e4m3", group=32)
    y, flags = mxdot.dequantize(elems, scales, "e4m3", group=32)

The shared library is found as mxdot._lib describes ($MXDOT_LIB first).
"""

import ctypes
import fractions

import numpy as np

from . import _lib

_LIB, LIBRARY_PATH = _lib.load()

__all__ = [
    "FORMATS", "RNE", "RTZ", "RDN", "RUP", "RMM",
    "FLAG_NV", "FLAG_DZ", "FLAG_OF", "FLAG_UF", "FLAG_NX", "K_MAX",
    "format_code", "format_name", "format_bits", "dot", "dot_batch",
    "to_float32", "from_float32", "decode", "value", "ue8m0_to_float32",
    "scale_for_amax", "quantize", "dequantize", "f32_bits", "bits_f32",
    "MODELS", "model_string", "LIBRARY_PATH",
]

#: Element format names by code (docs/spec.md section 1.2).
FORMATS = ("e4m3", "e5m2", "e3m2", "e2m3", "e2m1", "int8")
#: Rounding modes (RISC-V frm); 5-7 are reserved (NaN with NV).
RNE, RTZ, RDN, RUP, RMM = 0, 1, 2, 3, 4
#: Flags (RISC-V fflags).
FLAG_NV, FLAG_DZ, FLAG_OF, FLAG_UF, FLAG_NX = 0x10, 0x08, 0x04, 0x02, 0x01
#: Longest group of the reference.
K_MAX = 4096

_OVERFLOW = {"saturate": 0, "nan": 1}
_POLICY = {"floor": 0, "ceil": 1, "even": 2, "ceil_log2": 3}


# ---- small helpers ----

def _ptr(arr, ctype):
    return arr.ctypes.data_as(ctypes.POINTER(ctype))


def format_code(fmt):
    """Code 0..7 of a format given by code or by name ("e4m3", "mxfp4",
    "float8_e5m2", ... as mx_format_from_name accepts). Codes 6 and 7 are
    reserved but valid (the operation answers them with NaN and NV)."""
    if isinstance(fmt, (int, np.integer)) and not isinstance(fmt, bool):
        if 0 <= int(fmt) <= 7:
            return int(fmt)
        raise ValueError(f"mxdot: format code {fmt} is not 0..7")
    if isinstance(fmt, str):
        code = _LIB.mx_format_from_name(fmt.encode())
        if code < 0:
            raise ValueError(f"mxdot: unknown or ambiguous format name {fmt!r} "
                             f"(use one of {', '.join(FORMATS)})")
        return code
    raise TypeError(f"mxdot: a format is a code or a name, not {type(fmt).__name__}")


def _elem_format(fmt):
    code = format_code(fmt)
    if code >= len(FORMATS):
        raise ValueError(f"mxdot: format code {code} is reserved")
    return code


def format_name(fmt):
    """Name of a format ("e4m3", ...), or None for a reserved code."""
    name = _LIB.mx_format_name(format_code(fmt))
    return name.decode() if name is not None else None


def format_bits(fmt):
    """Width of an element in bits (8, 8, 6, 6, 4, 8)."""
    return int(_LIB.mx_format_bits(_elem_format(fmt)))


def f32_bits(x):
    """binary32 bit patterns (uint32) of x: float32 arrays are viewed as their
    bits, integer arrays are taken as bits already. A Python float or a
    float64 array must be exactly representable in binary32."""
    arr = np.asarray(x)
    if arr.dtype == np.float32:
        return arr.astype(np.float32, order="C", copy=True).view(np.uint32)
    if arr.dtype.kind in "iu":
        if arr.size and (arr.min() < 0 or arr.max() > 0xFFFFFFFF):
            raise ValueError("mxdot: a binary32 bit pattern is 0..0xFFFFFFFF")
        return arr.astype(np.uint32)
    if arr.dtype.kind == "f":
        single = arr.astype(np.float32)
        same = (single.astype(arr.dtype) == arr) | (np.isnan(single) & np.isnan(arr))
        if not np.all(same):
            raise ValueError("mxdot: a value is not exactly a binary32; pass "
                             "np.float32 values (or uint32 bit patterns)")
        return single.astype(np.float32, order="C", copy=True).view(np.uint32)
    raise TypeError(f"mxdot: cannot take binary32 values from dtype {arr.dtype}")


def bits_f32(bits):
    """numpy float32 view of binary32 bit patterns (uint32)."""
    return np.ascontiguousarray(np.asarray(bits, dtype=np.uint32)).view(np.float32)


def _codes(x, what):
    arr = np.asarray(x)
    if arr.dtype.kind not in "iu":
        raise TypeError(f"mxdot: {what} must be integer codes (uint8), not {arr.dtype}")
    if arr.size and (arr.min() < 0 or arr.max() > 0xFF):
        raise ValueError(f"mxdot: {what} codes must be 0..0xFF")
    return np.ascontiguousarray(arr, dtype=np.uint8)


def _rm(rm):
    rm = int(rm)
    if not 0 <= rm <= 7:
        raise ValueError(f"mxdot: rounding mode {rm} is not 0..7")
    return rm


# ---- accumulation models (ref/mxmodel.h, docs/accuracy.md) ----

#: Names of the model presets: "exact" (the contract, the default),
#: "blackwell", "hopper" (NVIDIA tensor cores as MMA-Sim models them),
#: "conv" (the conventional two-step unit of tests/conv_model.c).
MODELS = tuple(_LIB.mx_model_preset_name(i).decode()
               for i in range(_LIB.mx_model_preset_count()))

# An mx_model is 68 bytes today; the package never looks inside it, it only
# hands mx_model_parse's result to mx_model_dot. The buffer is far larger,
# and its second half must stay untouched (a guard against a grown struct).
_MODEL_WORDS = 128
_MODEL_GUARD = 0x6D786D6F64656C21


def _parse_model(model):
    """(buffer, canonical spec) of a model spec; ValueError if C refuses it."""
    if model is None:
        model = "exact"
    if not isinstance(model, str):
        raise TypeError(f"mxdot: a model is a spec string such as 'blackwell', "
                        f"not {type(model).__name__}")
    buf = (ctypes.c_uint64 * _MODEL_WORDS)(*([_MODEL_GUARD] * _MODEL_WORDS))
    err = ctypes.create_string_buffer(200)
    if _LIB.mx_model_parse(model.encode(), buf, err, len(err)) != 0:
        raise ValueError(f"mxdot: model {model!r}: {err.value.decode()} "
                         f"(presets: {', '.join(MODELS)}; keys: docs/accuracy.md)")
    if any(w != _MODEL_GUARD for w in buf[_MODEL_WORDS // 2:]):
        raise RuntimeError("mxdot: mx_model is larger than this package allows")
    text = ctypes.create_string_buffer(400)
    _LIB.mx_model_format(buf, text, len(text))
    return buf, text.value.decode()


def model_string(model):
    """The canonical spec of a model ("exact", or "custom,chunk=32,..." with
    every parameter; mx_model_format): what a preset or preset-with-changes
    means, in a form that parses back to the same model."""
    return _parse_model(model)[1]


# ---- the group operation ----

def dot(a, b, xa=0x7F, xb=0x7F, c=0, rm=RNE, fa="e4m3", fb="e4m3", model="exact"):
    """One group: d = round_rm(c + 2^(xa-127) * 2^(xb-127) * sum a[i]*b[i]),
    exact and rounded once. a, b: K element codes each (1 <= K <= 4096).
    model: "exact" (the contract, mx_dot_fmt) or an accumulation model spec
    of ref/mxmodel.h computed by mx_model_dot: a preset ("blackwell",
    "hopper", "conv"), a preset with changes ("blackwell,frac=24"), or
    "custom,key=value,..." (docs/accuracy.md).
    Returns (d as a binary32 bit pattern int, flags int)."""
    a = _codes(a, "a").ravel()
    b = _codes(b, "b").ravel()
    if a.size != b.size:
        raise ValueError(f"mxdot: a has {a.size} elements, b has {b.size}")
    if not 1 <= a.size <= K_MAX:
        raise ValueError(f"mxdot: group length {a.size} is not 1..{K_MAX}")
    if np.ndim(c) != 0:
        raise ValueError("mxdot: c is one binary32 value")
    cbits = int(f32_bits(c).reshape(-1)[0])
    buf, spec = _parse_model(model)
    flags = ctypes.c_uint(0)
    if spec != "exact":
        d = _LIB.mx_model_dot(buf, a.size, a.ctypes.data, b.ctypes.data,
                              format_code(fa), format_code(fb), _scale(xa), _scale(xb),
                              cbits, _rm(rm), ctypes.byref(flags))
        return int(d), int(flags.value)
    d = _LIB.mx_dot_fmt(a.size, _ptr(a, ctypes.c_uint8), _ptr(b, ctypes.c_uint8),
                        format_code(fa), format_code(fb), _scale(xa), _scale(xb),
                        cbits, _rm(rm), ctypes.byref(flags))
    return int(d), int(flags.value)


def _scale(x):
    x = int(x)
    if not 0 <= x <= 0xFF:
        raise ValueError(f"mxdot: scale {x} is not 0..0xFF")
    return x


def _per_group(x, n, dtype, what):
    arr = np.asarray(x)
    if arr.ndim == 0:
        arr = np.full(n, arr)
    if arr.shape != (n,):
        raise ValueError(f"mxdot: {what} must be one value or {n} values, got shape {arr.shape}")
    return arr


def dot_batch(a, b, xa=0x7F, xb=0x7F, c=0, rm=RNE, fa="e4m3", fb="e4m3",
              model="exact"):
    """Many groups in one call, the loop in C (mx_dot_batch): a and b of shape
    (n, K), one group per row; xa, xb (UE8M0 codes) and c (binary32: float32
    values or uint32 bits) one per group or one for all; one rm, fa, fb for
    all. model: as for dot(); a model other than "exact" loops in Python,
    one mx_model_dot call per group (some 50 times slower than the exact
    batch, whose loop is in C). Returns (d uint32[n] bit patterns, flags uint8[n])."""
    a = _codes(a, "a")
    b = _codes(b, "b")
    if a.ndim != 2 or a.shape != b.shape:
        raise ValueError(f"mxdot: a and b must have the same shape (n, K), got {a.shape} and {b.shape}")
    n, k = a.shape
    if not 1 <= k <= K_MAX:
        raise ValueError(f"mxdot: group length {k} is not 1..{K_MAX}")
    xa = _codes(_per_group(xa, n, np.uint8, "xa"), "xa")
    xb = _codes(_per_group(xb, n, np.uint8, "xb"), "xb")
    cb = np.ascontiguousarray(f32_bits(_per_group(c, n, np.uint32, "c")))
    buf, spec = _parse_model(model)
    d = np.empty(n, dtype=np.uint32)
    flags = np.empty(n, dtype=np.uint8)
    if n and spec != "exact":
        _model_batch(buf, a, b, format_code(fa), format_code(fb), xa, xb, cb,
                     _rm(rm), d, flags)
    elif n:
        _LIB.mx_dot_batch(n, k, _ptr(a, ctypes.c_uint8), _ptr(b, ctypes.c_uint8),
                          format_code(fa), format_code(fb),
                          _ptr(xa, ctypes.c_uint8), _ptr(xb, ctypes.c_uint8),
                          _ptr(cb, ctypes.c_uint32), _rm(rm),
                          _ptr(d, ctypes.c_uint32), _ptr(flags, ctypes.c_uint8))
    return d, flags


def _model_batch(buf, a, b, fa, fb, xa, xb, cb, rm, d, flags):
    # a, b C-contiguous (n, k) uint8: group g's row starts g*k bytes in.
    n, k = a.shape
    call = _LIB.mx_model_dot
    fl = ctypes.c_uint(0)
    pfl = ctypes.byref(fl)
    pa, pb = a.ctypes.data, b.ctypes.data
    for g, (x, y, cg) in enumerate(zip(xa.tolist(), xb.tolist(), cb.tolist())):
        d[g] = call(buf, k, pa + g * k, pb + g * k, fa, fb, x, y, cg, rm, pfl)
        flags[g] = fl.value


# ---- conversions ----

_DECODE_TABLES = {}


def _decode_table(code):
    # All 256 byte values through mx_elem_to_f32, once per format: decoding
    # an array is then one numpy take, and every value still comes from C.
    if code not in _DECODE_TABLES:
        _DECODE_TABLES[code] = np.array(
            [_LIB.mx_elem_to_f32(code, x) for x in range(256)], dtype=np.uint32)
    return _DECODE_TABLES[code]


def to_float32(codes, fmt="e4m3"):
    """Element codes of a format -> float32, exact (mx_elem_to_f32). NaN codes
    give NaN; FP6/FP4 codes sit in the low bits (higher bits ignored)."""
    table = _decode_table(_elem_format(fmt))
    return table[_codes(codes, "element")].view(np.float32)


def from_float32(x, fmt="e4m3", overflow="saturate"):
    """binary32 values (float32, or uint32 bits) -> element codes of fmt,
    rounded to nearest even (mx_f32_to_elem). overflow: "saturate" (largest
    finite, OCP MX) or "nan" (E4M3 NaN, E5M2 Inf, as ml_dtypes; the formats
    without NaN saturate either way). Returns (codes uint8, flags): flags is
    the OR over all elements. One C call per element."""
    code = _elem_format(fmt)
    ovf = _OVERFLOW[overflow]
    bits = f32_bits(x)
    out = np.empty(bits.shape, dtype=np.uint8)
    flags = ctypes.c_uint(0)
    conv = _LIB.mx_f32_to_elem
    fl = ctypes.byref(flags)
    flat_in = bits.ravel().tolist()
    out.ravel()[:] = [conv(code, f, ovf, fl) for f in flat_in]
    return out, int(flags.value)


def decode(code, fmt="e4m3"):
    """Exact value of one element as (sign, sig, exp): (-1)^sign * sig * 2^exp
    (mx_elem_decode); None for NaN or Inf."""
    s, m, e = ctypes.c_uint(0), ctypes.c_uint32(0), ctypes.c_int(0)
    finite = _LIB.mx_elem_decode(_elem_format(fmt), int(code) & 0xFF,
                                 ctypes.byref(s), ctypes.byref(m), ctypes.byref(e))
    if not finite:
        return None
    return int(s.value), int(m.value), int(e.value)


def value(code, fmt="e4m3"):
    """Exact value of one element as a fractions.Fraction (None for NaN/Inf;
    the sign of a zero is lost: use decode)."""
    dec = decode(code, fmt)
    if dec is None:
        return None
    s, m, e = dec
    v = fractions.Fraction(m) * (fractions.Fraction(2) ** e)
    return -v if s else v


def ue8m0_to_float32(x):
    """UE8M0 scale codes -> float32 2^(x-127) (0x00: 2^-127, a subnormal;
    0xFF: NaN), exact (mx_ue8m0_to_f32)."""
    if "ue8m0" not in _DECODE_TABLES:
        _DECODE_TABLES["ue8m0"] = np.array(
            [_LIB.mx_ue8m0_to_f32(v) for v in range(256)], dtype=np.uint32)
    return _DECODE_TABLES["ue8m0"][_codes(x, "scale")].view(np.float32)


def scale_for_amax(amax, fmt="e4m3", policy="floor"):
    """UE8M0 code of the scale of a group whose largest magnitude is amax
    (mx_scale_for_amax_fmt); policy "floor" (OCP MX), "ceil", "even",
    "ceil_log2" (ref/mxdot.h, docs/arith.md)."""
    if np.ndim(amax) != 0:
        raise ValueError("mxdot: amax is one binary32 value")
    bits = int(f32_bits(amax).reshape(-1)[0])
    return int(_LIB.mx_scale_for_amax_fmt(_elem_format(fmt), bits, _POLICY[policy]))


def quantize(x, fmt="e4m3", group=32, policy="floor", overflow="saturate"):
    """binary32 values -> MX groups (mx_quantize_fmt): one UE8M0 scale per
    `group` consecutive values of the flattened x (the last group may be
    shorter), elements rounded to nearest even. Returns (elems uint8 of x's
    shape, scales uint8[ceil(n/group)], flags)."""
    code = _elem_format(fmt)
    group = int(group)
    if group < 1:
        raise ValueError("mxdot: group must be at least 1")
    bits = np.ascontiguousarray(f32_bits(x))
    n = bits.size
    elems = np.empty(bits.shape, dtype=np.uint8)
    scales = np.empty((n + group - 1) // group, dtype=np.uint8)
    flags = ctypes.c_uint(0)
    _LIB.mx_quantize_fmt(code, n, group, _ptr(bits, ctypes.c_uint32),
                         _ptr(elems, ctypes.c_uint8), _ptr(scales, ctypes.c_uint8),
                         _POLICY[policy], _OVERFLOW[overflow], ctypes.byref(flags))
    return elems, scales, int(flags.value)


def dequantize(elems, scales, fmt="e4m3", group=32):
    """MX groups -> float32 (mx_dequantize_fmt): elems[i] * 2^(scales[i //
    group] - 127) rounded to nearest even. Returns (float32 array of elems'
    shape, flags)."""
    code = _elem_format(fmt)
    group = int(group)
    if group < 1:
        raise ValueError("mxdot: group must be at least 1")
    e = _codes(elems, "element")
    s = _codes(scales, "scale").ravel()
    n = e.size
    if s.size != (n + group - 1) // group:
        raise ValueError(f"mxdot: {n} elements in groups of {group} need "
                         f"{(n + group - 1) // group} scales, got {s.size}")
    out = np.empty(e.shape, dtype=np.uint32)
    flags = ctypes.c_uint(0)
    _LIB.mx_dequantize_fmt(code, n, group, _ptr(e, ctypes.c_uint8),
                           _ptr(s, ctypes.c_uint8), _ptr(out, ctypes.c_uint32),
                           ctypes.byref(flags))
    return out.view(np.float32), int(flags.value)
