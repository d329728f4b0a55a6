# SPDX-License-Identifier: Apache-2.0
# Lets `pytest ref/python/tests` import the package from this tree without
# PYTHONPATH; the shared library is found as mxdot/_lib.py says.
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
