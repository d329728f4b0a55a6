# SPDX-License-Identifier: Apache-2.0
"""Model selection in mxdot.dot and mxdot.dot_batch (model="blackwell", ...):
the same groups through the C tool (`mxdot eval --model M`) and through the
package must give the same D and FLAGS; on the committed third-party vectors
(tests/vectors/, computed by MMA-Sim) both must give MMA-Sim's results.
Known answers worked out by hand (docs/accuracy.md section 1), the exact
model against the default, and the errors."""

import gzip
import itertools
import os
import pathlib
import subprocess

import numpy as np
import pytest

import mxdot

ROOT = pathlib.Path(__file__).resolve().parents[3]
VECTORS = ROOT / "tests" / "vectors"


def tool():
    """The mxdot tool of the same build as the library ($MXDOT_TOOL, else
    <build>/bin/mxdot beside <build>/lib/libmxdot.so.1)."""
    path = os.environ.get("MXDOT_TOOL") or str(
        pathlib.Path(mxdot.LIBRARY_PATH).resolve().parents[1] / "bin" / "mxdot")
    if not os.access(path, os.X_OK):
        pytest.fail(f"no mxdot tool at {path} (run make, or set MXDOT_TOOL)")
    return path


def tool_eval(text, model):
    r = subprocess.run([tool(), "eval", "--model", model], input=text,
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return r.stdout


def parse(text):
    """Vector lines (docs/spec.md section 3) as dicts; comments dropped."""
    groups = []
    for line in text.splitlines():
        fields = line.split("#", 1)[0].split()
        if not fields:
            continue
        fa = fb = 0
        if len(fields) in (7, 9):
            fa, fb = int(fields[0][0], 16), int(fields[0][1], 16)
            fields = fields[1:]
        g = {"fa": fa, "fb": fb, "rm": int(fields[0], 16), "xa": int(fields[1], 16),
             "xb": int(fields[2], 16), "c": int(fields[3], 16),
             "a": bytes.fromhex(fields[4]), "b": bytes.fromhex(fields[5])}
        if len(fields) == 8:
            g["d"], g["flags"] = int(fields[6], 16), int(fields[7], 16)
        groups.append(g)
    return groups


def package_results(groups, model, singles=200):
    """(d, flags) of every group by dot_batch, called once per run of groups
    that share fa, fb, K and rm; the first `singles` groups also by dot(),
    which must agree with the batch."""
    out = [None] * len(groups)
    key = lambda i: (groups[i]["fa"], groups[i]["fb"], len(groups[i]["a"]), groups[i]["rm"])
    for (fa, fb, k, rm), idx in itertools.groupby(sorted(range(len(groups)), key=key), key=key):
        idx = list(idx)
        a = np.frombuffer(b"".join(groups[i]["a"] for i in idx), dtype=np.uint8).reshape(-1, k)
        b = np.frombuffer(b"".join(groups[i]["b"] for i in idx), dtype=np.uint8).reshape(-1, k)
        d, flags = mxdot.dot_batch(a, b, xa=[groups[i]["xa"] for i in idx],
                                   xb=[groups[i]["xb"] for i in idx],
                                   c=np.array([groups[i]["c"] for i in idx], dtype=np.uint32),
                                   rm=rm, fa=fa, fb=fb, model=model)
        for j, i in enumerate(idx):
            out[i] = (int(d[j]), int(flags[j]))
    for i, g in enumerate(groups[:singles]):
        one = mxdot.dot(list(g["a"]), list(g["b"]), g["xa"], g["xb"], g["c"], g["rm"],
                        g["fa"], g["fb"], model=model)
        assert one == out[i], f"group {i}: dot {one} but dot_batch {out[i]}"
    return out


def compare(groups, got, want, what):
    bad = [(i, got[i], want[i]) for i in range(len(groups)) if got[i] != want[i]]
    assert not bad, f"{what}: {len(bad)} of {len(groups)} differ, first (index, got, want): {bad[:3]}"


@pytest.mark.parametrize("preset", ["blackwell", "hopper"])
def test_mmasim_vectors_through_package_and_tool(preset):
    with gzip.open(VECTORS / f"{preset}.vec.gz", "rt") as f:
        text = "".join(itertools.islice(f, 2500))
    groups = parse(text)
    assert len(groups) > 2000
    from_file = [(g["d"], g["flags"]) for g in groups]
    from_tool = [(g["d"], g["flags"]) for g in parse(tool_eval(text, preset))]
    from_package = package_results(groups, preset)
    compare(groups, from_tool, from_file, f"mxdot eval --model {preset} against MMA-Sim")
    compare(groups, from_package, from_file, f"package model={preset!r} against MMA-Sim")
    # the vectors tell the models apart: the exact contract disagrees often
    exact = package_results(groups, "exact", singles=0)
    assert sum(e != w for e, w in zip(exact, from_file)) > len(groups) // 10


MODELS = ["blackwell", "hopper", "conv", "exact",
          "blackwell,frac=20,round=rm,flags=any,sticky=1,zero=ieee,ovf=ieee",
          "custom,chunk=8,cjoin=0,frac=30,sumbits=20,sumround=rmm,flags=final",
          "hopper,bits=24,ftzin=1,ftzout=1,zexp=none,formats=3F,nan=7FC00001"]


@pytest.fixture(scope="module")
def generated():
    """Mixed formats (reserved codes too), lengths 1..100, reserved modes,
    with the tool's hard cases: gen's own output, results left out."""
    r = subprocess.run([tool(), "gen", "--seed", "77", "--count", "1500", "--formats",
                        "all,6,7", "--reserved-rm", "--kmax", "100", "--lanes", "32"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return r.stdout


@pytest.mark.parametrize("model", MODELS)
def test_generated_groups_package_equals_tool(generated, model):
    groups = parse(generated)
    from_tool = [(g["d"], g["flags"]) for g in parse(tool_eval(generated, model))]
    from_package = package_results(groups, model)
    compare(groups, from_package, from_tool, f"package against mxdot eval --model {model}")
    if model != "exact":
        exact = [(g["d"], g["flags"]) for g in parse(tool_eval(generated, "exact"))]
        assert sum(m != e for m, e in zip(from_tool, exact)) > 50, "model gave the exact results"


def test_exact_model_is_the_default():
    rng = np.random.default_rng(5)
    a = rng.integers(0, 256, (3000, 16), dtype=np.uint8)
    b = rng.integers(0, 256, (3000, 16), dtype=np.uint8)
    xa = rng.integers(100, 150, 3000, dtype=np.uint8)
    c = rng.integers(0, 1 << 32, 3000, dtype=np.uint64).astype(np.uint32)
    for rm in range(8):
        want = mxdot.dot_batch(a, b, xa=xa, c=c, rm=rm, fa="e5m2")
        for model in ("exact", "EXACT", None):
            got = mxdot.dot_batch(a, b, xa=xa, c=c, rm=rm, fa="e5m2", model=model)
            assert np.array_equal(got[0], want[0]) and np.array_equal(got[1], want[1])
        assert mxdot.dot(a[rm], b[rm], xa[rm], 0x7F, c[rm], rm, "e5m2", model="exact") == \
            mxdot.dot(a[rm], b[rm], xa[rm], 0x7F, c[rm], rm, "e5m2")


# (a, b, xa, xb, c, rm, fa, fb) and the answers of exact, blackwell, hopper,
# conv, worked out by hand from the parameters of docs/accuracy.md.
KNOWN = [
    # 1.0 + 2^-67 under RUP: exact rounds up (NX); the NVIDIA presets cut
    # the product away and truncate (no flags); conv rounds c + sum in rm
    (([0x38], [0x38], 0x3C, 0x7F, 0x3F800000, mxdot.RUP, 0, 0),
     [(0x3F800001, 0x01), (0x3F800000, 0), (0x3F800000, 0), (0x3F800001, 0x01)]),
    # 1 - 1 under RDN: -0 by IEEE rules, +0 on the NVIDIA presets
    (([0x38], [0x38], 0x7F, 0x7F, 0xBF800000, mxdot.RDN, 0, 0),
     [(0x80000000, 0), (0, 0), (0, 0), (0x80000000, 0)]),
    # 4 * 448^2 * 2^254 under RTZ: the largest finite with OF|NX by IEEE
    # rules; Inf without flags on the NVIDIA presets (ovf=inf, flags=none)
    (([0x7E] * 4, [0x7E] * 4, 0xFE, 0xFE, 0, mxdot.RTZ, 0, 0),
     [(0x7F7FFFFF, 0x05), (0x7F800000, 0), (0x7F800000, 0), (0x7F7FFFFF, 0x05)]),
    # MXFP4 6*6 + 0.5*-0.5 = 35.75: hopper and conv do not carry E2M1
    # (rule 0: their NaN pattern with NV)
    (([0x07, 0x01], [0x07, 0x09], 0x7F, 0x7F, 0, mxdot.RNE, "e2m1", "e2m1"),
     [(0x420F0000, 0), (0x420F0000, 0), (0x7FFFFFFF, 0x10), (0x7FC00000, 0x10)]),
]


@pytest.mark.parametrize("case,answers", KNOWN)
def test_known_answers(case, answers):
    for model, want in zip(("exact", "blackwell", "hopper", "conv"), answers):
        assert mxdot.dot(*case, model=model) == want, model
        a, b = np.array([case[0]], dtype=np.uint8), np.array([case[1]], dtype=np.uint8)
        d, flags = mxdot.dot_batch(a, b, *case[2:], model=model)
        assert (int(d[0]), int(flags[0])) == want, model


def test_presets_and_model_string():
    assert mxdot.MODELS == ("exact", "blackwell", "hopper", "conv")
    assert mxdot.model_string("exact") == "exact"
    bw = mxdot.model_string("blackwell")
    assert bw.startswith("custom,chunk=32,") and "frac=25" in bw and "round=rtz" in bw
    assert mxdot.model_string("custom") == bw             # custom starts from blackwell
    changed = mxdot.model_string("Hopper,frac=20,ovf=sat")
    assert "frac=20" in changed and "ovf=sat" in changed
    assert mxdot.model_string(changed) == changed         # parses back to itself


@pytest.mark.parametrize("spec", ["nosuch", "", "blackwell,frac=0", "blackwell,frac",
                                  "blackwell,bogus=1", "exact,frac=20", "blackwell,round=up"])
def test_bad_model_is_a_value_error(spec):
    with pytest.raises(ValueError, match="model"):
        mxdot.dot([0x38], [0x38], model=spec)
    with pytest.raises(ValueError, match="model"):
        mxdot.dot_batch(np.zeros((2, 4), np.uint8), np.zeros((2, 4), np.uint8), model=spec)
    with pytest.raises(ValueError, match="model"):
        mxdot.model_string(spec)


def test_model_must_be_a_string():
    with pytest.raises(TypeError, match="model"):
        mxdot.dot([0x38], [0x38], model=3)
