#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Build mxdot_unit for a simulator and run the cocotb test test_mxdot.py on
it, with cocotb's Python runner (cocotb 1.9: cocotb.runner).

    python run.py [--sim icarus|verilator] [--lanes L] [--stages S]
                  [--maxgroup M] [--formats F] [--groups N] [--seed S]
                  [--gap P] [--stall P] [--build DIR] [--rtl DIR]

Run it with the Python of a venv that has cocotb 1.9.x and numpy
(tb/cocotb/requirements.txt; `make cocotb` makes one), with the repository's
ref/python on PYTHONPATH (run.py adds it) and the shared library libmxdot
built (`make`; MXDOT_LIB names another one). No timescale option is given
to the simulator: every RTL file has its own `timescale, which is what makes
Icarus under cocotb work out of the box; run.py checks that they do.
Verilator 5.006 needs -Wno-fatal and one change from cocotb's defaults: no
--public-flat-rw. That flag makes every signal public, so Verilator cannot split the unit's
handshake vector `ready` (a split_var), and 5.006 then evaluates that chain
with a stale bit: in_ready_o stays low with an empty pipeline and the test
deadlocks (after 69 groups with the default seed). run.py builds without
the flag and makes only the unit's ports public (ports.vlt).

Ends with "N passed, N failed" (groups); exit status 1 on any failure, 2 on
a setup error.
"""

import argparse
import os
import pathlib
import sys
import warnings

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent


def rtl_sources(rtl_dir):
    """The unit's sources, from rtl/files.f (one path per line); with
    rtl_dir, the files of those names in that directory."""
    files = [ROOT / line.strip() for line in (ROOT / "rtl" / "files.f").read_text().splitlines()
             if line.strip() and not line.lstrip().startswith("#")]
    if rtl_dir:
        files = [pathlib.Path(rtl_dir).resolve() / f.name for f in files]
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        sys.exit(f"run.py: rtl/files.f names missing files: {' '.join(missing)}")
    no_ts = [f.name for f in files if "`timescale" not in f.read_text()]
    if no_ts:
        print(f"run.py: RTL files without a `timescale: {' '.join(no_ts)} "
              "(cocotb on Icarus needs one)", file=sys.stderr)
        sys.exit(2)
    return files


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sim", default="icarus", choices=["icarus", "verilator"])
    ap.add_argument("--lanes", type=int, default=8)
    ap.add_argument("--stages", type=int, default=5)
    ap.add_argument("--maxgroup", type=int, default=4096)
    ap.add_argument("--formats", type=int, default=63)
    ap.add_argument("--groups", type=int, default=100)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--gap", type=int, default=20)
    ap.add_argument("--stall", type=int, default=20)
    ap.add_argument("--build", default=str(ROOT / "build" / "cocotb"))
    ap.add_argument("--rtl", help="directory with the files of rtl/files.f (default rtl/)")
    args = ap.parse_args()

    warnings.filterwarnings("ignore", message="Python runners")   # "experimental" in 1.9
    try:
        from cocotb.runner import get_runner, get_results
    except ImportError as e:
        sys.exit(f"run.py: cocotb 1.9 is not installed in this Python ({e}); try `make cocotb`")

    build = pathlib.Path(args.build).resolve() / args.sim / (
        f"L{args.lanes}_S{args.stages}_M{args.maxgroup}_F{args.formats}")
    build.mkdir(parents=True, exist_ok=True)
    params = {"Lanes": args.lanes, "Stages": args.stages,
              "MaxGroup": args.maxgroup, "Formats": args.formats}
    build_args = ["-Wno-fatal"] if args.sim == "verilator" else []

    runner = get_runner(args.sim)
    if args.sim == "verilator":
        build_args.append(str(HERE / "ports.vlt"))
        base = type(runner)

        class PortsOnlyVerilator(base):          # cocotb 1.9 always adds --public-flat-rw
            def _build_command(self):
                cmds = super()._build_command()
                cmds[0] = [a for a in cmds[0] if a != "--public-flat-rw"]
                return cmds

        runner = PortsOnlyVerilator()
    runner.build(verilog_sources=rtl_sources(args.rtl), hdl_toplevel="mxdot_unit",
                 parameters=params, build_args=build_args, build_dir=build)

    counts = build / "counts.txt"
    counts.unlink(missing_ok=True)
    # the runner hands its own sys.path to the simulator's Python as PYTHONPATH
    sys.path[:0] = [str(HERE), str(ROOT / "ref" / "python")]
    env = {
        "MXDOT_FORMATS": str(args.formats), "MXDOT_GROUPS": str(args.groups),
        "MXDOT_SEED": str(args.seed), "MXDOT_GAP": str(args.gap),
        "MXDOT_STALL": str(args.stall), "MXDOT_COUNTS": str(counts),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    if "MXDOT_LIB" in os.environ:
        env["MXDOT_LIB"] = os.environ["MXDOT_LIB"]
    results = runner.test(hdl_toplevel="mxdot_unit", test_module="test_mxdot",
                          build_dir=build, test_dir=build, extra_env=env,
                          results_xml=str(build / "results.xml"), seed=args.seed)
    tests, tests_failed = get_results(results)

    passed = failed = 0
    if counts.is_file():
        passed, failed, _ = (int(v) for v in counts.read_text().split())
    if tests == 0 or (tests_failed and failed == 0):
        failed += 1                # a test that failed before comparing anything
        print(f"run.py: {tests} cocotb tests, {tests_failed} failed (see above)")
    print(f"cocotb {args.sim} Lanes={args.lanes}: {passed} passed, {failed} failed")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
