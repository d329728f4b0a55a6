// mxdot_model.cpp - the C API of tb/mxdot_model.h over the Verilated RTL.
//
// The only C++ of the testbench: everything else is C and sees an opaque
// handle. Verilator is run with --prefix Vmxdot, so this file is the same
// for the RTL and for a gate-level netlist with the same ports.
//
// SPDX-License-Identifier: Apache-2.0

#include "mxdot_model.h"

#include <cstring>
#include <new>

#include "Vmxdot.h"
#include "verilated.h"
#if VM_TRACE_FST
#include "verilated_fst_c.h"
#endif

#if !defined(MXDOT_MODEL_K) || !defined(MXDOT_MODEL_STAGES)
#error "compile with -DMXDOT_MODEL_K=<K> -DMXDOT_MODEL_STAGES=<Stages> (tb/tb.mk)"
#endif

// Verilator stores a port of 8*K bits in exactly K bytes for every K the
// RTL allows (1, 2, 4 bytes: C/S/IData; 8: QData; more: 32-bit words), so
// this catches a model built for another K than the one compiled in here.
static_assert(sizeof(Vmxdot::a_i) == MXDOT_MODEL_K && sizeof(Vmxdot::b_i) == MXDOT_MODEL_K,
              "a_i/b_i width does not match MXDOT_MODEL_K");

namespace {

// Element i of a block goes to port bits [8*i +: 8]: little-endian bytes.
template <typename T>
inline void put_bytes(T &port, const uint8_t *p) {
    T v = 0;
    for (std::size_t i = 0; i < sizeof(T); i++) v = static_cast<T>(v | (static_cast<T>(p[i]) << (8 * i)));
    port = v;
}

template <std::size_t N>
inline void put_bytes(VlWide<N> &port, const uint8_t *p) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    std::memcpy(port.data(), p, 4 * N);  // the word layout is the byte layout
#else
    for (std::size_t w = 0; w < N; w++)
        port.at(w) = static_cast<EData>(p[4 * w]) | static_cast<EData>(p[4 * w + 1]) << 8 |
                     static_cast<EData>(p[4 * w + 2]) << 16 | static_cast<EData>(p[4 * w + 3]) << 24;
#endif
}

}  // namespace

struct mxdot_model {
    VerilatedContext *ctx;
    Vmxdot *top;
#if VM_TRACE_FST
    VerilatedFstC *tfp;
#endif
    uint64_t cycles;
    bool dirty;  // an input changed since the last eval()
};

// Evaluate at most once per change of the inputs: eval() is the cost.
static inline void settle(mxdot_model *m) {
    if (m->dirty) {
        m->top->eval();
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
    t->clk_i = 0;
    t->rst_ni = 1;
    t->in_valid_i = 0;
    t->out_ready_i = 0;
    t->xa_i = 0;
    t->xb_i = 0;
    t->c_i = 0;
    t->rm_i = 0;
    static const uint8_t zero[MXDOT_MODEL_K] = {0};
    put_bytes(t->a_i, zero);
    put_bytes(t->b_i, zero);
    m->cycles = 0;
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

unsigned mxdot_model_k(void) { return MXDOT_MODEL_K; }
unsigned mxdot_model_stages(void) { return MXDOT_MODEL_STAGES; }
int mxdot_model_can_trace(void) { return VM_TRACE_FST ? 1 : 0; }

void mxdot_model_set_reset(mxdot_model *m, int active) {
    m->top->rst_ni = active ? 0 : 1;
    m->dirty = true;
}

void mxdot_model_reset(mxdot_model *m, unsigned cycles) {
    mxdot_model_drive(m, 0, nullptr, nullptr, 0, 0, 0, 0);
    mxdot_model_set_reset(m, 1);
    for (unsigned i = 0; i < (cycles ? cycles : 1); i++) mxdot_model_clock(m);
    mxdot_model_set_reset(m, 0);
}

void mxdot_model_drive(mxdot_model *m, int valid, const uint8_t *a, const uint8_t *b,
                       uint8_t xa, uint8_t xb, uint32_t c, unsigned rm) {
    Vmxdot *t = m->top;
    t->in_valid_i = valid ? 1 : 0;
    if (a && b) {
        put_bytes(t->a_i, a);
        put_bytes(t->b_i, b);
        t->xa_i = xa;
        t->xb_i = xb;
        t->c_i = c;
        t->rm_i = static_cast<CData>(rm & 7u);
    }
    m->dirty = true;
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
#if VM_TRACE_FST
    if (m->tfp) m->tfp->dump(t);
#endif
    m->top->clk_i = 1;
    m->ctx->time(t + 5);
    m->top->eval();
#if VM_TRACE_FST
    if (m->tfp) m->tfp->dump(t + 5);
#endif
    // The falling edge is evaluated with the next cycle's inputs, lazily:
    // two eval() calls per cycle in all.
    m->top->clk_i = 0;
    m->ctx->time(t + 10);
    m->cycles++;
    m->dirty = true;
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
