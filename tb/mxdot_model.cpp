// mxdot_model.cpp - the C API of tb/mxdot_model.h over the Verilated RTL.
//
// The only C++ of the testbench: everything else is C and sees an opaque
// handle. Verilator is run with --prefix Vmxdot on tb/mxdot_sim_top.v (the
// unit with its beat inputs taken at the falling edge), so this file is the
// same for the RTL, a gate-level netlist or another unit with the same ports.
//
// Evaluation: eval() once per clock edge. The clock rises in
// mxdot_model_clock() (the unit's registers, and the logic after them); it
// falls right after, but the falling edge is evaluated lazily, on the first
// read of an output, once the testbench has driven the cycle's inputs: that
// evaluation takes the beat inputs into tb/mxdot_sim_top.v's register and
// computes the unit's input cone once. Driving a beat after that read would
// be lost, so it is refused (abort with a message: a testbench bug).
//
// SPDX-License-Identifier: Apache-2.0

#include "mxdot_model.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>

#include "Vmxdot.h"
#include "verilated.h"
#if VM_TRACE_FST
#include "verilated_fst_c.h"
#endif

#if !defined(MXDOT_MODEL_LANES) || !defined(MXDOT_MODEL_STAGES) || !defined(MXDOT_MODEL_MAXGROUP) || \
    !defined(MXDOT_MODEL_FORMATS)
#error "compile with -DMXDOT_MODEL_LANES= -DMXDOT_MODEL_STAGES= -DMXDOT_MODEL_MAXGROUP= -DMXDOT_MODEL_FORMATS= (tb/tb.mk)"
#endif
#ifndef MXDOT_MODEL_BUILD_INFO
#define MXDOT_MODEL_BUILD_INFO "unknown"
#endif

// Verilator stores a port of 8*Lanes bits in exactly Lanes bytes for every
// lane count up to 128 that is 1, 2 or a multiple of 4 (C/S/IData, QData,
// 32-bit words), so this catches a model built for another lane count.
static_assert(sizeof(Vmxdot::a_i) >= MXDOT_MODEL_LANES && sizeof(Vmxdot::a_i) < MXDOT_MODEL_LANES + 4,
              "a_i width does not match MXDOT_MODEL_LANES");

namespace {

constexpr unsigned kLanes = MXDOT_MODEL_LANES;

// Element i of a beat goes to port bits [8*i +: 8]: little-endian bytes.
template <typename T>
inline void put_bytes(T &port, const uint8_t *p) {
    T v = 0;
    for (std::size_t i = 0; i < kLanes; i++) v = static_cast<T>(v | (static_cast<T>(p[i]) << (8 * i)));
    port = v;
}

template <std::size_t N>
inline void put_bytes(VlWide<N> &port, const uint8_t *p) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    // the word layout is the byte layout
    if (kLanes == 4 * N) {
        std::memcpy(port.data(), p, 4 * N);
        return;
    }
#endif
    for (std::size_t w = 0; w < N; w++) {
        EData v = 0;
        for (std::size_t j = 0; j < 4 && 4 * w + j < kLanes; j++) v |= static_cast<EData>(p[4 * w + j]) << (8 * j);
        port.at(w) = v;
    }
}

// keep: bit i = lane i.
template <typename T>
inline void put_bits(T &port, const uint8_t *keep) {
    T v = 0;
    for (std::size_t i = 0; i < kLanes; i++)
        if (!keep || keep[i]) v = static_cast<T>(v | (static_cast<T>(1) << i));
    port = v;
}

template <std::size_t N>
inline void put_bits(VlWide<N> &port, const uint8_t *keep) {
    for (std::size_t w = 0; w < N; w++) {
        EData v = 0;
        for (std::size_t j = 0; j < 32 && 32 * w + j < kLanes; j++)
            if (!keep || keep[32 * w + j]) v |= static_cast<EData>(1) << j;
        port.at(w) = v;
    }
}

}  // namespace

struct mxdot_model {
    VerilatedContext *ctx;
    Vmxdot *top;
#if VM_TRACE_FST
    VerilatedFstC *tfp;
#endif
    uint64_t cycles;
    bool fall_pending;  // the falling edge after the last rising one is not evaluated yet
    bool dirty;         // a direct input (out_ready, reset) changed since the last eval()
};

// Bring the outputs up to date with the inputs of this cycle.
static inline void settle(mxdot_model *m) {
    if (m->fall_pending || m->dirty) {
        m->top->eval();
#if VM_TRACE_FST
        if (m->fall_pending && m->tfp) m->tfp->dump(m->cycles * 10);
#endif
        m->fall_pending = false;
        m->dirty = false;
    }
}

extern "C" {

mxdot_model *mxdot_model_new(void) {
    mxdot_model *m = new (std::nothrow) mxdot_model();
    if (!m) return nullptr;
    try {
        m->ctx = new VerilatedContext;
#if VM_TRACE_FST
        // Must precede the model's construction for trace() to work later.
        m->ctx->traceEverOn(true);
        m->tfp = nullptr;
#endif
        m->top = new Vmxdot(m->ctx, "TOP");
    } catch (...) {
        delete m->ctx;
        delete m;
        return nullptr;
    }
    Vmxdot *t = m->top;
    t->rst_ni = 1;
    t->in_valid_i = 0;
    t->in_last_i = 0;
    t->out_ready_i = 0;
    t->fa_i = 0;
    t->fb_i = 0;
    t->xa_i = 0;
    t->xb_i = 0;
    t->c_i = 0;
    t->rm_i = 0;
    static const uint8_t zero[kLanes] = {0};
    put_bytes(t->a_i, zero);
    put_bytes(t->b_i, zero);
    put_bits(t->in_keep_i, nullptr);
    // Start with the clock high, so that the first evaluation with it low
    // is a falling edge.
    t->clk_i = 1;
    t->eval();
    t->clk_i = 0;
    m->cycles = 0;
    m->fall_pending = true;
    m->dirty = true;
    return m;
}

void mxdot_model_free(mxdot_model *m) {
    if (!m) return;
    mxdot_model_trace_close(m);
    m->top->final();
    delete m->top;
    delete m->ctx;
    delete m;
}

unsigned mxdot_model_lanes(void) { return MXDOT_MODEL_LANES; }
unsigned mxdot_model_stages(void) { return MXDOT_MODEL_STAGES; }
unsigned mxdot_model_max_group(void) { return MXDOT_MODEL_MAXGROUP; }
unsigned mxdot_model_formats(void) { return MXDOT_MODEL_FORMATS; }
int mxdot_model_can_trace(void) { return VM_TRACE_FST ? 1 : 0; }
const char *mxdot_model_build_info(void) { return MXDOT_MODEL_BUILD_INFO; }

void mxdot_model_set_reset(mxdot_model *m, int active) {
    m->top->rst_ni = active ? 0 : 1;
    m->dirty = true;
}

void mxdot_model_reset(mxdot_model *m, unsigned cycles) {
    mxdot_model_drive(m, nullptr);
    mxdot_model_set_reset(m, 1);
    for (unsigned i = 0; i < (cycles ? cycles : 1); i++) mxdot_model_clock(m);
    mxdot_model_set_reset(m, 0);
}

void mxdot_model_drive(mxdot_model *m, const mxdot_beat *beat) {
    Vmxdot *t = m->top;
    if (!m->fall_pending) {
        std::fprintf(stderr, "mxdot_model_drive: a beat driven after an output was read in the same cycle\n");
        std::abort();
    }
    if (!beat) {
        t->in_valid_i = 0;
        return;
    }
    t->in_valid_i = 1;
    t->in_last_i = beat->last ? 1 : 0;
    if (beat->a) put_bytes(t->a_i, beat->a);
    if (beat->b) put_bytes(t->b_i, beat->b);
    put_bits(t->in_keep_i, beat->keep);
    t->fa_i = static_cast<CData>(beat->fa & 7u);
    t->fb_i = static_cast<CData>(beat->fb & 7u);
    t->xa_i = beat->xa;
    t->xb_i = beat->xb;
    t->c_i = beat->c;
    t->rm_i = static_cast<CData>(beat->rm & 7u);
}

void mxdot_model_set_out_ready(mxdot_model *m, int ready) {
    m->top->out_ready_i = ready ? 1 : 0;
    m->dirty = true;
}

int mxdot_model_in_ready(mxdot_model *m) {
    settle(m);
    return m->top->in_ready_o;
}

int mxdot_model_out_valid(mxdot_model *m) {
    settle(m);
    return m->top->out_valid_o;
}

uint32_t mxdot_model_d(mxdot_model *m) {
    settle(m);
    return m->top->d_o;
}

unsigned mxdot_model_flags(mxdot_model *m) {
    settle(m);
    return m->top->flags_o;
}

void mxdot_model_clock(mxdot_model *m) {
    settle(m);
    const uint64_t t = m->cycles * 10;
    m->top->clk_i = 1;
    m->ctx->time(t + 5);
    m->top->eval();
#if VM_TRACE_FST
    if (m->tfp) m->tfp->dump(t + 5);
#endif
    m->top->clk_i = 0;
    m->ctx->time(t + 10);
    m->cycles++;
    m->fall_pending = true;
}

uint64_t mxdot_model_cycles(const mxdot_model *m) { return m->cycles; }

int mxdot_model_trace_open(mxdot_model *m, const char *path) {
#if VM_TRACE_FST
    if (m->tfp) return -1;
    try {
        m->tfp = new VerilatedFstC;
        m->top->trace(m->tfp, 99);
        // Times passed to dump() are in ns (a clock period is 10).
        m->tfp->set_time_unit("1ns");
        m->tfp->set_time_resolution("1ns");
        m->tfp->open(path);
    } catch (...) {
        delete m->tfp;
        m->tfp = nullptr;
        return -1;
    }
    if (!m->tfp->isOpen()) {
        delete m->tfp;
        m->tfp = nullptr;
        return -1;
    }
    return 0;
#else
    (void)m;
    (void)path;
    return -1;
#endif
}

void mxdot_model_trace_close(mxdot_model *m) {
#if VM_TRACE_FST
    if (!m->tfp) return;
    settle(m);
    m->tfp->dump(m->cycles * 10);
    m->tfp->close();
    delete m->tfp;
    m->tfp = nullptr;
#else
    (void)m;
#endif
}

}  // extern "C"
