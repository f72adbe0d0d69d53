/*
 * The launch plan: what Java decided, in the order Java decided it.
 *
 * Wire format (host byte order; Java writes it with ByteOrder.nativeOrder()):
 *   header  u32 magic PLAN_MAGIC, u32 version PLAN_VERSION, u32 op count
 *   op      u32 code, u32 payload length, payload bytes
 * The numbers and each op's payload are in wire.def, the one table Java's
 * constants are generated from. Each role applies its ops in plan order.
 * The shim knows how to apply each op; which ops appear is Java's business.
 */
#ifndef SANDBOX4J_PLAN_H
#define SANDBOX4J_PLAN_H

#include <stddef.h>
#include <stdint.h>

enum {
#define WIRE_PLAN(name, v) PLAN_##name = (v),
#include "wire.def"
};

#define ROLE_OF(code) ((code) >> 8)
#define ROLE_OUTER  1u
#define ROLE_INIT   2u
#define ROLE_TARGET 3u

/* Op codes and their payloads: see wire.def. */
enum op_code {
#define WIRE_OP(name, code, payload) OP_##name = (code),
#define WIRE_OP_RANGE(name, first, last) OP_##name##_FIRST = (first), OP_##name##_LAST = (last),
#include "wire.def"
};

/* Slots: the numbers Java gives each fd of a launch request (wire.def). */
enum {
#define WIRE_SLOT(name, fd) FD_##name = (fd),
#include "wire.def"
};

/* The op's name as wire.def spells it ("CLONE", "FS_TMPFS"), or "?". */
const char *op_name(uint32_t code);

struct op {
    uint32_t code;
    uint32_t len;
    const uint8_t *data;
};

struct plan {
    uint32_t count;
    struct op *ops;
    uint8_t *bytes; /* what ops point into */
    size_t len;
};

/* Reads a payload in order. Any overrun marks the reader bad; the
 * caller checks reader_ok() (or reader_done()) once, at the end. */
struct reader {
    const uint8_t *p;
    const uint8_t *end;
    int bad;
};

void reader_init(struct reader *r, const struct op *op);
uint32_t rd_u32(struct reader *r);
uint64_t rd_u64(struct reader *r);
/* A NUL-terminated heap copy; "" for an empty string. Never NULL. */
char *rd_str(struct reader *r);
const uint8_t *rd_bytes(struct reader *r, uint32_t *len);
/* Whether every read fit and nothing is left over. */
int reader_ok(const struct reader *r);
/* Fails with step "plan" naming the op code unless reader_ok. */
void reader_done(struct reader *r, const struct op *op);

/* Reads and validates the whole plan from fd; fails on any error. What it
 * allocated is in *plan as soon as it is allocated, for plan_free. */
void plan_read(int fd, struct plan *plan);
/* The same for a plan of exactly len bytes, with more data behind it. */
void plan_read_n(int fd, struct plan *plan, size_t len);

/* Wipes and frees a plan (the server outlives many). Safe on a zeroed or
 * half-read plan. */
void plan_free(struct plan *plan);

#endif
