/*
 * mxgen_base.h - the generator as it was before issue 11's speed work
 * (tests/mxgen_base.c, a frozen copy of ref/mxgen.c at commit 3e54f02 with
 * its entry points renamed), kept only so that tests/bench_gen.c can time
 * it beside today's ref/mxgen.c in the same run. Not part of libmxdot.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef MXGEN_BASE_H
#define MXGEN_BASE_H

#include "mxgen.h"

int base_gen_block(uint64_t seed, uint64_t index, size_t k, mx_vector *v);
int base_gen_group(uint64_t seed, uint64_t index, const mx_gen_config *cfg, mx_vector *v);

#endif /* MXGEN_BASE_H */
