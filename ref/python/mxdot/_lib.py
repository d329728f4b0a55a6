# SPDX-License-Identifier: Apache-2.0
"""Loading libmxdot with ctypes: where the shared library is looked for, and
the C prototypes of the functions the package calls (ref/mxdot.h,
ref/mxmodel.h).

No compiler is involved at import time: the package only opens the shared
library that `make` builds (build/lib/libmxdot.so.1) or that
`make install` installed.

Search order (the first that exists is used):
  1. $MXDOT_LIB, a path to libmxdot.so.1 (or any file name of it); when set,
     nothing else is tried;
  2. libmxdot.so.1 beside this package (mxdot/libmxdot.so.1), for a copy
     shipped with the package;
  3. the build tree of the repository the package sits in:
     <repo>/build/lib/libmxdot.so.1 (ref/python/mxdot -> <repo>);
  4. the system's search path (ctypes.util.find_library("mxdot"): an
     installed libmxdot via ldconfig, LD_LIBRARY_PATH).
"""

import ctypes
import ctypes.util
import os
import pathlib

ENV_VAR = "MXDOT_LIB"

_u8 = ctypes.c_uint8
_u32 = ctypes.c_uint32
_uint = ctypes.c_uint
_int = ctypes.c_int
_size = ctypes.c_size_t
_p_u8 = ctypes.POINTER(ctypes.c_uint8)
_p_u32 = ctypes.POINTER(ctypes.c_uint32)
_p_uint = ctypes.POINTER(ctypes.c_uint)

# name: (restype, argtypes), as declared in ref/mxdot.h and ref/mxmodel.h.
PROTOTYPES = {
    "mx_dot": (_u32, [_size, _p_u8, _p_u8, _u8, _u8, _u32, _uint, _p_uint]),
    "mx_dot_fmt": (_u32, [_size, _p_u8, _p_u8, _uint, _uint, _u8, _u8, _u32,
                          _uint, _p_uint]),
    "mx_dot_batch": (None, [_size, _size, _p_u8, _p_u8, _uint, _uint, _p_u8,
                            _p_u8, _p_u32, _uint, _p_u32, _p_u8]),
    "mx_format_name": (ctypes.c_char_p, [_uint]),
    "mx_format_from_name": (_int, [ctypes.c_char_p]),
    "mx_format_bits": (_uint, [_uint]),
    "mx_elem_decode": (_int, [_uint, _u8, _p_uint, _p_u32,
                              ctypes.POINTER(ctypes.c_int)]),
    "mx_elem_is_nan": (_int, [_uint, _u8]),
    "mx_elem_is_inf": (_int, [_uint, _u8]),
    "mx_elem_to_f32": (_u32, [_uint, _u8]),
    "mx_f32_to_elem": (_u8, [_uint, _u32, _int, _p_uint]),
    "mx_e4m3_to_f32": (_u32, [_u8]),
    "mx_f32_to_e4m3": (_u8, [_u32, _int, _p_uint]),
    "mx_ue8m0_to_f32": (_u32, [_u8]),
    "mx_scale_for_amax_fmt": (_u8, [_uint, _u32, _int]),
    "mx_quantize_fmt": (None, [_uint, _size, _size, _p_u32, _p_u8, _p_u8,
                               _int, _int, _p_uint]),
    "mx_dequantize_fmt": (None, [_uint, _size, _size, _p_u8, _p_u8, _p_u32,
                                 _p_uint]),
    # ref/mxmodel.h: the model is an opaque buffer filled by mx_model_parse;
    # the element arrays of mx_model_dot are addresses (c_void_p) so that a
    # batch can pass group g's row without building a pointer object.
    "mx_model_preset_count": (_size, []),
    "mx_model_preset_name": (ctypes.c_char_p, [_size]),
    "mx_model_preset_help": (ctypes.c_char_p, [_size]),
    "mx_model_parse": (_int, [ctypes.c_char_p, ctypes.c_void_p, ctypes.c_char_p, _size]),
    "mx_model_format": (_int, [ctypes.c_void_p, ctypes.c_char_p, _size]),
    "mx_model_dot": (_u32, [ctypes.c_void_p, _size, ctypes.c_void_p, ctypes.c_void_p,
                            _uint, _uint, _u8, _u8, _u32, _uint, _p_uint]),
}


def _candidates():
    env = os.environ.get(ENV_VAR)
    if env:
        return [pathlib.Path(env)], True
    here = pathlib.Path(__file__).resolve().parent
    paths = [here / "libmxdot.so.1"]
    if len(here.parents) > 2:
        paths.append(here.parents[2] / "build" / "lib" / "libmxdot.so.1")
    found = ctypes.util.find_library("mxdot")
    if found:
        paths.append(found)
    return paths, False


def load():
    """Open libmxdot and declare its prototypes; raise OSError saying where
    it looked when there is none, or which functions an old library lacks."""
    paths, from_env = _candidates()
    tried = []
    lib = None
    for p in paths:
        if isinstance(p, pathlib.Path) and not p.exists():
            tried.append(f"{p} (no such file)")
            continue
        try:
            lib = ctypes.CDLL(str(p))
            path = str(p)
            break
        except OSError as e:
            tried.append(f"{p} ({e})")
    if lib is None:
        how = (f"${ENV_VAR} is set" if from_env else
               f"run `make` in the repository (it builds build/lib/libmxdot.so.1), "
               f"or set {ENV_VAR}=/path/to/libmxdot.so.1")
        raise OSError("mxdot: cannot load libmxdot: tried " + "; ".join(tried)
                      + ". " + how)
    missing = [n for n in PROTOTYPES if not hasattr(lib, n)]
    if missing:
        raise OSError(f"mxdot: {path} is too old for this package: it lacks "
                      + ", ".join(missing) + " (rebuild it with `make`)")
    for name, (restype, argtypes) in PROTOTYPES.items():
        fn = getattr(lib, name)
        fn.restype = restype
        fn.argtypes = argtypes
    return lib, path
