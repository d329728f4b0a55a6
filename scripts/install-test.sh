#!/bin/sh
# install-test.sh BUILD - the shared library and `make install` as a user
# meets them (step `install` of `make test`):
#   1. build/lib holds libmxdot.so.1 (the SONAME) and libmxdot.so -> it; a
#      program linked in the build tree runs with LD_LIBRARY_PATH=build/lib,
#      and really loads the shared library (fails without the path);
#   2. `make install PREFIX=tmp` writes exactly the files of `make
#      install-files`; a program built with `pkg-config --cflags --libs
#      mxdot` against it (#include <mxdot.h>) runs without LD_LIBRARY_PATH
#      (RPATH) and gives the SPEC answers; so does the installed tool;
#      `#include <mxdot/mxdot.h>` works with -I$PREFIX/include; RPATH=0
#      leaves the RPATH out and the install note then prints LD_LIBRARY_PATH;
#   3. `make uninstall PREFIX=tmp` leaves no file and no include/mxdot.
# Ends with "N passed, N failed".
# SPDX-License-Identifier: Apache-2.0
set -u
build=${1:-build}
make=${MAKE:-make}
work=$build/test/install.d
rm -rf "$work" && mkdir -p "$work" || exit 2
work=$(cd "$work" && pwd)
prefix=$work/prefix
pass=0 fail=0
ok()  { pass=$((pass + 1)); echo "ok   $*"; }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }
check() { what=$1; shift; if "$@" >>"$work/log" 2>&1; then ok "$what"; else bad "$what (log: $work/log)"; fi; }

# A user's program: the SPEC sticky example and one E4M3 conversion.
cat >"$work/prog.c" <<'EOF'
#include <stdio.h>
#include INCLUDE
int main(void)
{
    const unsigned char a[4] = {0x38, 0, 0, 0}, b[4] = {0x38, 0, 0, 0};
    unsigned flags = 0;
    unsigned long d = mx_dot(4, a, b, 0x3C, 0x7F, 0x3F800000u, MX_RUP, &flags);
    printf("%08lX %02X %s %08lX\n", d, flags, MX_VERSION,
           (unsigned long)mx_e4m3_to_f32(0x7E));
    return 0;
}
EOF
expect="3F800001 01"
expect_conv="43E00000"   # E4M3 0x7E = 448
runs_ok() { out=$("$@" 2>&1) || return 1; echo "$out" >>"$work/log"
            case "$out" in "$expect "*" $expect_conv") return 0 ;; *) echo "got: $out" >>"$work/log"; return 1 ;; esac; }

# ---- 1. the build tree ----
lib=$build/lib
check "build/lib/libmxdot.so.1 is a file or a link to one" test -f "$lib/libmxdot.so.1"
check "build/lib/libmxdot.so -> libmxdot.so.1" test "$(readlink "$lib/libmxdot.so")" = libmxdot.so.1
soname=$(readelf -d "$lib/libmxdot.so.1" 2>/dev/null | sed -n 's/.*Library soname: \[\(.*\)\].*/\1/p')
check "SONAME is libmxdot.so.1 (got '$soname')" test "$soname" = libmxdot.so.1
check "build-tree program links (-Lbuild/lib -lmxdot)" \
  cc -std=c99 -Wall -Werror -DINCLUDE='"mxdot.h"' -Iref -o "$work/prog_tree" "$work/prog.c" -L"$lib" -lmxdot
check "build-tree program runs with LD_LIBRARY_PATH=build/lib, SPEC answer" runs_ok env LD_LIBRARY_PATH="$lib" "$work/prog_tree"
check "... and needs it (the shared library is really used)" sh -c "! env -u LD_LIBRARY_PATH '$work/prog_tree' >/dev/null 2>&1"

# ---- 2. install ----
check "make install PREFIX=tmp" $make --no-print-directory BUILD="$build" install PREFIX="$prefix"
want=$($make --no-print-directory -s BUILD="$build" install-files | tr ' ' '\n' | sed '/^$/d' | sort)
have=$(cd "$prefix" && find . \( -type f -o -type l \) | sed 's|^\./||' | sort)
if [ "$want" = "$have" ]; then ok "install wrote exactly the $(echo "$want" | wc -l) listed files"
else bad "installed files differ from the list"; printf 'listed:\n%s\nfound:\n%s\n' "$want" "$have"; fi
check "installed libmxdot.so -> libmxdot.so.1" test "$(readlink "$prefix/lib/libmxdot.so")" = libmxdot.so.1
check "installed libmxdot.so.1 resolves to a file" test -f "$prefix/lib/libmxdot.so.1"
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
check "pkg-config finds mxdot" pkg-config --exists mxdot
cflags=$(pkg-config --cflags mxdot) libs=$(pkg-config --libs mxdot)
echo "cflags: $cflags libs: $libs" >>"$work/log"
# shellcheck disable=SC2086
check "program builds with pkg-config (#include <mxdot.h>)" \
  cc -std=c99 -Wall -Werror -DINCLUDE='<mxdot.h>' $cflags -o "$work/prog_inst" "$work/prog.c" $libs
check "... runs without LD_LIBRARY_PATH, SPEC answer" runs_ok env -u LD_LIBRARY_PATH "$work/prog_inst"
check "... loads the installed libmxdot.so.1" sh -c "env -u LD_LIBRARY_PATH ldd '$work/prog_inst' | grep -q '$prefix/lib/libmxdot.so.1'"
# shellcheck disable=SC2086
check "#include <mxdot/mxdot.h> with -I\$PREFIX/include" \
  cc -std=c99 -Wall -Werror -DINCLUDE='<mxdot/mxdot.h>' -I"$prefix/include" -o "$work/prog_inst2" "$work/prog.c" $libs
# shellcheck disable=SC2086
check "static link with the installed libmxdot.a" \
  cc -std=c99 -Wall -Werror -DINCLUDE='<mxdot.h>' $cflags -o "$work/prog_static" "$work/prog.c" "$prefix/lib/libmxdot.a"
check "... runs" runs_ok "$work/prog_static"
v=$(echo "3 3C 7F 3F800000 38000000 38000000" | "$prefix/bin/mxdot" eval 2>&1)
check "installed tool: mxdot eval" test "$v" = "3 3C 7F 3F800000 38000000 38000000 3F800001 01"

# ---- 3. uninstall ----
check "make uninstall PREFIX=tmp" $make --no-print-directory BUILD="$build" uninstall PREFIX="$prefix"
left=$(cd "$prefix" && find . \( -type f -o -type l \) | sed 's|^\./||')
if [ -z "$left" ]; then ok "uninstall left no file"; else bad "uninstall left: $left"; fi
check "uninstall removed include/mxdot" test ! -e "$prefix/include/mxdot"

# ---- RPATH=0: no RPATH, and the note says what to set ----
env -u PKG_CONFIG_PATH $make --no-print-directory BUILD="$build" install PREFIX="$prefix" RPATH=0 >"$work/note0" 2>&1
check "RPATH=0: mxdot.pc has no rpath" sh -c "! grep -q rpath '$prefix/lib/pkgconfig/mxdot.pc'"
check "RPATH=0: the note prints LD_LIBRARY_PATH=$prefix/lib" grep -q "LD_LIBRARY_PATH=$prefix/lib" "$work/note0"
check "the note prints PKG_CONFIG_PATH=$prefix/lib/pkgconfig" grep -q "PKG_CONFIG_PATH=$prefix/lib/pkgconfig" "$work/note0"
# shellcheck disable=SC2086
cc -std=c99 -DINCLUDE='<mxdot.h>' $(pkg-config --cflags --libs mxdot) -o "$work/prog_norpath" "$work/prog.c" $(pkg-config --libs mxdot) >>"$work/log" 2>&1
check "RPATH=0: the program runs with the printed LD_LIBRARY_PATH" runs_ok env LD_LIBRARY_PATH="$prefix/lib" "$work/prog_norpath"
$make --no-print-directory BUILD="$build" uninstall PREFIX="$prefix" >>"$work/log" 2>&1
left=$(cd "$prefix" && find . \( -type f -o -type l \) | sed 's|^\./||')
if [ -z "$left" ]; then ok "second uninstall left no file"; else bad "second uninstall left: $left"; fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
