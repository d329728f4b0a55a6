# SPDX-License-Identifier: Apache-2.0
"""How the package finds libmxdot ($MXDOT_LIB, a copy beside the package)
and what it says when it cannot."""

import os
import pathlib
import shutil
import subprocess
import sys

import mxdot

PKG = pathlib.Path(mxdot.__file__).resolve().parent


def run(code, env, cwd):
    # cwd away from ref/python: `python -c` puts the working directory first
    return subprocess.run([sys.executable, "-c", code], env=env, cwd=cwd,
                          capture_output=True, text=True)


def test_missing_library_names_the_variable(tmp_path):
    env = dict(os.environ, MXDOT_LIB=str(tmp_path / "nothing.so"), PYTHONPATH=str(PKG.parent))
    r = run("import mxdot", env, tmp_path)
    assert r.returncode != 0
    assert "MXDOT_LIB" in r.stderr and "nothing.so" in r.stderr


def test_library_beside_the_package(tmp_path):
    # A copy of the package with libmxdot.so.1 inside it, and no MXDOT_LIB.
    copy = tmp_path / "site" / "mxdot"
    shutil.copytree(PKG, copy, ignore=shutil.ignore_patterns("__pycache__", "*.so*"))
    shutil.copy(mxdot.LIBRARY_PATH, copy / "libmxdot.so.1")
    env = {k: v for k, v in os.environ.items() if k != "MXDOT_LIB"}
    env["PYTHONPATH"] = str(copy.parent)
    r = run("import mxdot; print(mxdot.LIBRARY_PATH); print(mxdot.dot([0x38], [0x38]))", env, tmp_path)
    assert r.returncode == 0, r.stderr
    path, result = r.stdout.splitlines()
    assert path == str(copy / "libmxdot.so.1")
    assert result == "(1065353216, 0)"          # 1.0 * 1.0 = 0x3F800000


def test_public_names():
    for name in mxdot.__all__:
        assert hasattr(mxdot, name), name
    assert mxdot.FORMATS == ("e4m3", "e5m2", "e3m2", "e2m3", "e2m1", "int8")
    assert [mxdot.format_code(n) for n in mxdot.FORMATS] == list(range(6))
