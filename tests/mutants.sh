#!/bin/sh
# mutants.sh BUILD CC [NAME...] - break the reference on purpose and check
# that the tests notice (`make test-ref-mutants`, opt-in).
#
# Each mutant below is one sed expression on one file of ref/, applied to a
# copy in BUILD/mut/NAME/ (ref/ itself is never touched). The copy is built
# into a library, linked with the test program the mutant names (its objects
# come from BUILD/tests, built from the real headers), and run with a small
# count: the program must FAIL (exit 1, a failure count). A mutant the tests
# pass is SURVIVED; a sed expression that no longer matches the source is
# NOT APPLIED; both count as failures of this step, so a refactored ref/ that
# leaves a pattern stale is noticed. The unmutated copy must pass first.
# MUTANT_COUNT sets the count (default 20000); MUTANT_NOVEC=1 leaves out the
# known-answer files. Ends with "N passed, N failed" (passed = mutants
# killed).
# SPDX-License-Identifier: Apache-2.0
set -u
build=$1
cc=$2
shift 2
only="$*"
mut=$build/mut
tests=$build/tests
count=${MUTANT_COUNT:-20000}
cflags="-std=c99 -O2 -w -fPIC"
libs="-lmpfr -lgmp -lm"
srcs="mxdot.c mxfmt.c mxvec.c mxgen.c mxmodel.c"
pass=0
fail=0
mkdir -p "$mut" || exit 2

# name @ file @ sed expression @ program @ what it breaks
list() {
cat <<'EOF'
none@mxdot.c@s/^//@test_fmt@control: the unmutated copy must pass
e5m2-inf-sign@mxdot.c@s/: neg ? GS_NEG_INF : GS_POS_INF;/: neg ? GS_POS_INF : GS_NEG_INF;/@test_fmt@an infinite product takes the wrong sign
inf-times-zero-no-nv@mxdot.c@s/if ((s->state & GS_INF_ZERO) || inf ==/if (inf ==/@test_fmt@Inf x 0 is not invalid
opposite-infinities@mxdot.c@s/inf == (GS_POS_INF | GS_NEG_INF)/inf == 0x1000u/@test_fmt@+Inf and -Inf products are not invalid
inf-vs-opposite-c@mxdot.c@s/(mx_f32_is_inf(h->c) && (inf/(0 \&\& (inf/@test_fmt@a product infinity beside an opposite infinite c is not invalid
nan-then-invalid@mxdot.c@s/\*flags = mx_f32_is_snan(h->c) ? MX_FLAG_NV : 0u;/*flags = (s->state \& GS_INF_ZERO) || mx_f32_is_snan(h->c) ? MX_FLAG_NV : 0u;/@test_fmt@a NaN beside Inf x 0 raises NV (the RISC-V FMA habit, not SPEC)
e5m2-nan-missed@mxfmt.c@s/return elem_exp_all_ones(f, x) && elem_frac_field(f, x) != 0;/return elem_exp_all_ones(f, x) \&\& elem_frac_field(f, x) == 3;/@test_fmt@E5M2 NaNs with fraction 1 or 2 are not NaN
e5m2-nan-missed-8wide@mxdot.c@s/0x7C7C7C7C7C7C7C7Cull) + 0x0404040404040404ull/0x7C7C7C7C7C7C7C7Cull) + 0x0202020202020202ull/@test_fmt@the 8-lane special-element scan never fires
int8-minus-128@mxdot.c@s/((int64_t)(x) - (((x) & 0x80) ? 256 : 0))/((int64_t)(x) - (((x) \& 0x80) \&\& (x) != 0x80 ? 256 : 0))/@test_fmt@INT8 0x80 is +128 in the group sum
int8-minus-128-decode@mxfmt.c@s/\*sig = \*sign ? 256u - x : x;/*sig = *sign ? (x == 0x80 ? 0u : 256u - x) : x;/@test_fmt@INT8 0x80 decodes as -0
fp4-upper-bits@mxdot.c@s/#define FP_NEG(x, E, M)   (((x) >> ((E) + (M))) & 1)/#define FP_NEG(x, E, M)   (((x) >> ((E) + (M))) != 0)/@test_fmt@FP6/FP4 bits above the width act as the sign in the sum
fp-upper-bits-decode@mxfmt.c@s/return (elem_code(f, x) >> (f->bits - 1)) & 1u;/return (x >> (f->bits - 1)) != 0;/@test_fmt@FP6/FP4 bits above the width reach the decoder's sign
wide-carry@mxdot.c@s/s.hi = a.hi + b.hi + (uint64_t)(s.lo < a.lo);/s.hi = a.hi + b.hi;/@test_fmt@the carry between the two limbs of the wide sum is dropped
wide-borrow@mxdot.c@s/r.hi = ~a.hi + (uint64_t)(r.lo == 0);/r.hi = ~a.hi;/@test_fmt@negating a wide sum drops the borrow into the high limb
wide-sticky@mxdot.c@s/r.lo |= (uint64_t)(lost != 0);/(void)lost;/@test_fmt@the wide alignment loses its sticky bit
tiny-before-rounding@mxdot.c@s/if (biased == 0 || n == 64 || drop > 62)/if (n == 64 || drop > 62)/@test_fmt@tininess detected before rounding (one-pass path, MSB at 2^-127)
tiny-before-rounding-def@mxdot.c@s/tiny = rounded_top < fmt->emin;/tiny = top < fmt->emin;/@test_fmt@tininess detected before rounding (the defining path)
zero-sign-all-negative@mxdot.c@s/if (c_sign && !s->zero_pos)/if (c_sign \&\& !s->zero_pos \&\& 0)/@test_fmt@all-negative zero terms give +0
zero-sign-products@mxdot.c@s/state |= !zero ? GS_NONZERO : neg ? GS_ZERO_NEG : GS_ZERO_POS;/state |= !zero ? GS_NONZERO : GS_ZERO_POS;/@test_fmt@a zero product of the non-E4M3 pairs is always +0
keep-ignored@mxdot.c@s/if (!keep\[i\])/if (0)/@test_fmt@mx_group_add ignores the keep mask
keep-as-zero@mxdot.c@s/if (!keep\[i\])/if (0)/;s/ka\[m\] = a\[i\];/ka[m] = keep[i] ? a[i] : 0;/@test_fmt@a dropped lane is a +0 product instead of no term
keep-buffer-flush@mxdot.c@s/^            m = 0;$/            m = 1;/@test_fmt@a keep mask over more than 256 kept lanes of one beat repeats a lane
group-over-4096@mxdot.c@s/|| count == 0 || count > MX_K_MAX/|| count == 0/@test_fmt@a streamed group of more than 4096 kept elements is not NaN
reserved-rm-fmt-path@mxdot.c@s/return h->rm > MX_RMM ||/return h->rm > 7 ||/@test_fmt@a reserved rm is not rule 0 on the formats path
batch-stride@mxdot.c@s/b + g \* k, fa, fb/b + g, fa, fb/@test_fmt@mx_dot_batch reads b with the wrong stride
elem-to-f32-nan-sign@mxfmt.c@s/return (uint32_t)sign << 31 | MX_F32_QNAN;/return MX_F32_QNAN;/@test_fmt@an element NaN to binary32 loses its sign
round-pack-int-range@mxdot.c@s/return exp > 1000 ? 1000 : exp < -1000 ? -1000 : exp;/return exp;/@test_ref@exponents near INT_MIN/INT_MAX overflow (issue 9 item 10)
e5m2-overflow-policy@mxdot.c@s/= { 0x7F, 0x7C, 0x1F, 0x1F, 0x07, 0x7F };/= { 0x7F, 0x7B, 0x1F, 0x1F, 0x07, 0x7F };/@test_conv@E5M2 overflow under NAN_ON_OVERFLOW saturates instead of Inf
int8-conv-range@mxdot.c@s/if (q > (sign ? 128u : 127u))/if (q > 127u)/@test_conv@converting exactly -2 to INT8 raises OF
fp6-nan-silent@mxfmt.c@s/if (mx_f32_is_snan(f) || (fmt != MX_FMT_E4M3 && fmt != MX_FMT_E5M2))/if (mx_f32_is_snan(f))/@test_conv@a quiet NaN into FP6/FP4/INT8 gives 0 without NV
scale-ceil@mxfmt.c@s/x += sig > max24;/x += sig >= max24;/@test_conv@CEIL scales one step up when amax is exactly the largest element
scale-even@mxfmt.c@s/x += sig >= (1u << 24) - (1u << (23 - precision));/x += sig > (1u << 24) - (1u << (23 - precision));/@test_conv@EVEN misses the tie of amax's rounding
dequantize-group@mxfmt.c@s/uint8_t scale = scales\[i \/ group\];/uint8_t scale = scales[i \/ 32];/@test_conv@mx_dequantize_fmt ignores the group size
quantize-nan-group@mxfmt.c@s/elems\[i\] = nan_code(fmt, 0);/elems[i] = 0;/@test_conv@a NaN group's E4M3/E5M2 elements are 0, not NaN
fast-tie-even@mxdot.c@s/    q \&= ~(round_inc29\[rm \& 7\]\[2\] \& (((rest ^ HALF_Q) - 1) >> 63));/    (void)rest;/@test_fast@the fast path's rounding of a normal result keeps a tie odd under RNE
fast-window-54@mxdot.c@s/(t_low < c_low ? t_low : c_low) <= 53) {/(t_low < c_low ? t_low : c_low) <= 54) {/@test_fast@the fast path adds the two terms in binary64 when their sum may need 54 bits
fast-jam-size@mxdot.c@s/v = units + pow2_signed(j - exp - 3, c_scaled);/v = units + pow2_signed(j - exp - 1, c_scaled);/@test_fast@the fast path's jam of a far lower c is as large as the rounding points it must stay below
fast-subnormal-uf@mxdot.c@s/    \*flags |= (MX_FLAG_UF | MX_FLAG_NX) \& (0u - /    *flags |= (MX_FLAG_NX) \& (0u - /@test_fast@the fast path's inexact subnormal result raises NX without UF
fast-zero-sign@mxdot.c@s/unsigned all_neg = only_zeros \& c_neg \& ((state \& GS_ZERO_POS) == 0);/unsigned all_neg = 0 \& c_neg \& ((state \& GS_ZERO_POS) == 0);/@test_fast@the fast path gives +0 for a group of negative zeros and c = -0
fast-overflow-carry@mxdot.c@s/    if (q >= 0x7F800000u)                     \/\* rounded up to 2^128 \*\//    if (q > 0x7F800000u)/@test_fast@the fast path misses an overflow reached by rounding up to 2^128
EOF
}

rm -f "$mut/.tally"
list | while IFS='@' read -r name file expr prog what; do
  [ -n "$name" ] || continue
  if [ -n "$only" ]; then
    case " $only " in *" $name "*) ;; *) continue ;; esac
  fi
  dir=$mut/$name
  rm -rf "$dir" && mkdir -p "$dir/ref" || exit 2
  cp ref/*.c ref/*.h "$dir/ref/" || exit 2
  sed -e "$expr" "ref/$file" >"$dir/ref/$file" || exit 2
  if [ "$name" != none ] && cmp -s "ref/$file" "$dir/ref/$file"; then
    echo "mutant $name: NOT APPLIED (the pattern no longer matches ref/$file)"
    echo F >>"$mut/.tally"; continue
  fi
  objs=
  ok=1
  for s in $srcs; do
    $cc $cflags -I"$dir/ref" -c "$dir/ref/$s" -o "$dir/${s%.c}.o" 2>"$dir/build.log" || ok=0
    objs="$objs $dir/${s%.c}.o"
  done
  if [ $ok = 1 ]; then
    $cc -o "$dir/$prog" "$tests/$prog.o" "$tests/oracle.o" "$tests/testlib.o" $objs $libs \
      2>>"$dir/build.log" || ok=0
  fi
  if [ $ok = 0 ]; then
    echo "mutant $name: BUILD FAILED (see $dir/build.log)"
    echo F >>"$mut/.tally"; continue
  fi
  args="--count $count"
  # MUTANT_NOVEC=1: without the known-answer files, so that the random,
  # exhaustive and hand-built sections must catch the mutant on their own
  if [ -z "${MUTANT_NOVEC:-}" ]; then
    case $prog in
      test_fmt) args="$args tests/spec_examples.vec tests/fmt_cases.vec" ;;
      test_ref) args="$args tests/spec_examples.vec tests/hard_cases.vec" ;;
    esac
  fi
  MX_TEST_MAX_ERRORS=1 "$dir/$prog" $args >"$dir/run.log" 2>&1
  rc=$?
  first=$(grep -m1 '^FAIL' "$dir/run.log" | cut -c1-150)
  section=$(grep '^== ' "$dir/run.log" | tail -n 1 | cut -c4-80)
  if [ "$name" = none ]; then
    if [ $rc = 0 ]; then
      echo "control (unmutated copy): passes, as it must"
      echo P >>"$mut/.tally"
    else
      echo "control (unmutated copy): FAILS (rc $rc): $first"
      echo F >>"$mut/.tally"
    fi
  elif [ $rc = 1 ] && [ -n "$first" ]; then
    echo "mutant $name ($what): killed by $prog in \"$section\": $first"
    echo P >>"$mut/.tally"
  elif [ $rc = 0 ]; then
    echo "mutant $name ($what): SURVIVED $prog --count $count"
    echo F >>"$mut/.tally"
  else
    echo "mutant $name ($what): $prog crashed (rc $rc) in \"$section\" -- counted as killed"
    echo P >>"$mut/.tally"
  fi
done
pass=$(grep -c P "$mut/.tally" 2>/dev/null)
fail=$(grep -c F "$mut/.tally" 2>/dev/null)
rm -f "$mut/.tally"
echo "${pass:-0} passed, ${fail:-0} failed"
[ "${fail:-0}" -eq 0 ]
