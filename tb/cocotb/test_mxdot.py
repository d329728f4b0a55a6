# SPDX-License-Identifier: Apache-2.0
"""cocotb test of mxdot_unit with the Python package `mxdot` as its model.

Random groups go in as beats of the unit's lane count (taken from the width
of in_keep_i): lengths of one to several beats, every format pair the build
carries (now and then one it does not carry, or a reserved code), random
holes (unkept lanes carrying random bytes), partial last beats, random
header inputs on later beats (the unit must ignore them), input gaps and
output stalls. The model is `mxdot.dot()` on the kept elements of a group
(the C reference through ctypes), plus the unit's own rule 0 for formats the
build does not carry and groups with no kept lane. Results are compared in
order; the test prints "N passed, N failed" (one count per group).

Environment (set by run.py): MXDOT_FORMATS (the unit's Formats parameter,
default 63), MXDOT_GROUPS (default 100), MXDOT_SEED (default 1),
MXDOT_GAP, MXDOT_STALL (percent, default 20), MXDOT_COUNTS (a file that
gets "passed failed multi-beat" for run.py).
"""

import os
import random

import cocotb
from cocotb.clock import Clock
from cocotb.triggers import FallingEdge, ReadOnly

import mxdot

QNAN, NV = 0x7FC00000, 0x10


def expected(group, formats):
    """The unit's result for one group: (d, flags)."""
    fa, fb, xa, xb, c, rm, a, b = group
    carried = (formats >> fa) & 1 and (formats >> fb) & 1
    if not a or not carried:       # no kept lane, or a format not carried: rule 0
        return QNAN, NV
    return mxdot.dot(a, b, xa=xa, xb=xb, c=c, rm=rm, fa=fa, fb=fb)


def element(rng, fmt):
    """A random code of format fmt; NaN and Inf rarely (they win the group)."""
    x = rng.randrange(256)
    if rng.random() < 0.98:
        while (fmt == 0 and x & 0x7F == 0x7F) or (fmt == 1 and x & 0x7C == 0x7C):
            x = rng.randrange(256)
    return x                       # FP6/FP4: random high bits, ignored


def make_group(rng, lanes, formats):
    """One group as (header, beats): beats of (keep, a, b, last)."""
    carried = [f for f in range(6) if (formats >> f) & 1]
    pick = lambda: rng.randrange(8) if rng.random() < 0.05 else rng.choice(carried)
    fa, fb = pick(), pick()
    k = rng.choice([rng.randint(1, lanes), rng.randint(1, 4 * lanes), rng.randint(1, 160)])
    if rng.random() < 0.02:
        k = 0
    xa, xb = rng.randint(117, 137), rng.randint(117, 137)
    c = rng.choice([0, rng.getrandbits(32), (rng.getrandbits(1) << 31) | (rng.randint(110, 150) << 23)
                    | rng.getrandbits(23)])
    rm = rng.randrange(8) if rng.random() < 0.05 else rng.randrange(5)
    a_kept, b_kept, beats = [], [], []
    left = k
    while True:
        keep, a, b = 0, [], []
        for lane in range(lanes):
            if left > 0 and rng.random() >= 0.05:      # else a hole
                ea, eb = element(rng, fa), element(rng, fb)
                keep |= 1 << lane
                a_kept.append(ea)
                b_kept.append(eb)
                left -= 1
            else:
                ea, eb = rng.choice([0x7F, 0xFF, 0x7C, rng.randrange(256)]), rng.randrange(256)
            a.append(ea)
            b.append(eb)
        beats.append([keep, a, b, left == 0])
        if left == 0:
            break
    return (fa, fb, xa, xb, c, rm, a_kept, b_kept), beats


def drive_idle(dut, rng, lanes):
    dut.in_valid_i.value = 0
    dut.in_last_i.value = rng.getrandbits(1)
    dut.in_keep_i.value = rng.getrandbits(lanes)
    random_header(dut, rng)
    dut.a_i.value = rng.getrandbits(8 * lanes)
    dut.b_i.value = rng.getrandbits(8 * lanes)


def random_header(dut, rng):
    dut.fa_i.value = rng.randrange(8)
    dut.fb_i.value = rng.randrange(8)
    dut.xa_i.value = rng.randrange(256)
    dut.xb_i.value = rng.randrange(256)
    dut.c_i.value = rng.getrandbits(32)
    dut.rm_i.value = rng.randrange(8)


@cocotb.test()
async def random_groups(dut):
    """Random multi-beat groups of every carried format against mxdot.dot()."""
    lanes = len(dut.in_keep_i)
    formats = int(os.environ.get("MXDOT_FORMATS", "63"))
    count = int(os.environ.get("MXDOT_GROUPS", "100"))
    seed = int(os.environ.get("MXDOT_SEED", "1"))
    gap = int(os.environ.get("MXDOT_GAP", "20")) / 100
    stall = int(os.environ.get("MXDOT_STALL", "20")) / 100
    rng = random.Random(seed)
    dut._log.info("mxdot_unit Lanes=%d Formats=%d: %d groups, seed %d", lanes, formats, count, seed)

    cocotb.start_soon(Clock(dut.clk_i, 10, units="ns").start())
    dut.rst_ni.value = 0
    dut.out_ready_i.value = 0
    drive_idle(dut, rng, lanes)
    for _ in range(3):
        await FallingEdge(dut.clk_i)
    dut.rst_ni.value = 1

    pending = []                   # beats of the group being sent
    expect = []                    # expected (d, flags), in order
    sent = passed = failed = multi = 0
    idle = 0
    offered = False
    while sent < count or pending or offered or expect:
        await FallingEdge(dut.clk_i)
        # drive: keep a beat on offer until it moves
        if not offered:
            if not pending and sent < count:
                group, beats = make_group(rng, lanes, formats)
                pending = [(group, i, beat) for i, beat in enumerate(beats)]
                multi += len(beats) > 1
            if pending and rng.random() >= gap:
                group, index, (keep, a, b, last) = pending[0]
                dut.in_valid_i.value = 1
                dut.in_last_i.value = int(last)
                dut.in_keep_i.value = keep
                dut.a_i.value = int.from_bytes(bytes(a), "little")   # lane i at bits [8i +: 8]
                dut.b_i.value = int.from_bytes(bytes(b), "little")
                if index == 0:
                    fa, fb, xa, xb, c, rm = group[:6]
                    dut.fa_i.value, dut.fb_i.value, dut.rm_i.value = fa, fb, rm
                    dut.xa_i.value, dut.xb_i.value, dut.c_i.value = xa, xb, c
                else:
                    random_header(dut, rng)
                offered = True
            else:
                drive_idle(dut, rng, lanes)
        dut.out_ready_i.value = int(rng.random() >= stall)
        # sample what the coming rising edge will do
        await ReadOnly()
        idle += 1
        if offered and dut.in_ready_o.value:
            group, index, (keep, a, b, last) = pending.pop(0)
            offered = False
            idle = 0
            if last:
                expect.append(expected(group, formats))
                sent += 1
        if dut.out_valid_o.value and dut.out_ready_i.value:
            idle = 0
            d, flags = int(dut.d_o.value), int(dut.flags_o.value)
            if not expect:
                failed += 1
                dut._log.error("a result without a group: %08X %02X", d, flags)
                continue
            want = expect.pop(0)
            if (d, flags) == want:
                passed += 1
            else:
                failed += 1
                if failed <= 10:
                    dut._log.error("group %d: unit %08X %02X, model %08X %02X",
                                   passed + failed, d, flags, want[0], want[1])
        assert idle < 10000, "no progress for 10000 cycles"
    dut._log.info("%d groups (%d of several beats)", passed + failed, multi)
    print(f"{passed} passed, {failed} failed", flush=True)
    counts = os.environ.get("MXDOT_COUNTS")
    if counts:                     # for run.py's summary
        with open(counts, "w", encoding="ascii") as f:
            f.write(f"{passed} {failed} {multi}\n")
    assert multi > 0, "no multi-beat group was sent"
    assert failed == 0, f"{failed} groups differ from the model"
