#!/bin/sh
# install-note.sh - after `make install`: say what was installed and print
# the exact lines a user needs to build and run against it (only those that
# this machine needs). Environment: PREFIX, RPATH (1: mxdot.pc carries an
# RPATH), VERSION.
# SPDX-License-Identifier: Apache-2.0
set -u
p=$PREFIX
echo "==> installed mxdot ${VERSION:-} under $p:"
echo "      $p/include/mxdot/mxdot.h mxvec.h mxgen.h"
echo "      $p/lib/libmxdot.a libmxdot.so libmxdot.so.1 libmxdot.so.${VERSION:-?}"
echo "      $p/lib/pkgconfig/mxdot.pc"
echo "      $p/bin/mxdot"
echo "    To build a program (#include <mxdot.h>):"
pc_path=$(pkg-config --variable pc_path pkg-config 2>/dev/null || true)
case ":$pc_path:${PKG_CONFIG_PATH:-}:" in
  *":$p/lib/pkgconfig:"*) ;;
  *) echo "      export PKG_CONFIG_PATH=$p/lib/pkgconfig\${PKG_CONFIG_PATH:+:\$PKG_CONFIG_PATH}" ;;
esac
echo "      cc prog.c \$(pkg-config --cflags --libs mxdot)"
if [ "${RPATH:-1}" = 1 ]; then
  echo "    The program finds libmxdot.so.1 in $p/lib through its RPATH (set by"
  echo "    mxdot.pc): no LD_LIBRARY_PATH needed."
else
  case "$p" in
    /usr|/usr/local)
      echo "    Then run 'ldconfig' (as root) once so the loader finds libmxdot.so.1." ;;
    *)
      echo "    To run it (mxdot.pc sets no RPATH, RPATH=0):"
      echo "      export LD_LIBRARY_PATH=$p/lib\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}" ;;
  esac
fi
case ":${PATH:-}:" in
  *":$p/bin:"*) ;;
  *) echo "    For the mxdot tool:"
     echo "      export PATH=$p/bin:\$PATH" ;;
esac
echo "    Remove it with: make uninstall PREFIX=$p"
