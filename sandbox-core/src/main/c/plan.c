/* Reads the launch plan Java wrote to FD_PLAN and checks its framing. */
#include "io.h"
#include "plan.h"
#include "status.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Reads to end of file into plan->bytes, which always holds what was
 * allocated so far (a failure may leave the server's stack here). */
static void read_all(int fd, struct plan *plan)
{
    size_t cap = 4096;
    if (!(plan->bytes = malloc(cap)))
        fail("plan", ENOMEM, "reading the plan");
    for (;;) {
        if (plan->len == cap) {
            if (cap >= PLAN_MAX_BYTES)
                fail("plan", E2BIG, "plan larger than %u bytes", PLAN_MAX_BYTES);
            uint8_t *b = malloc(cap * 2);
            if (!b)
                fail("plan", ENOMEM, "reading the plan");
            memcpy(b, plan->bytes, plan->len);
            explicit_bzero(plan->bytes, plan->len);
            free(plan->bytes);
            plan->bytes = b;
            cap *= 2;
        }
        int err;
        size_t want = cap - plan->len, got = io_read_upto(fd, plan->bytes + plan->len, want, &err);
        if (err)
            fail("plan", err, "read fd %d", fd);
        plan->len += got;
        if (got < want)
            break; /* end of file */
    }
}

/* Reads exactly len bytes (a spare init gets its plan framed on a socket). */
static void read_exactly(int fd, struct plan *plan, size_t len)
{
    if (len > PLAN_MAX_BYTES)
        fail("plan", E2BIG, "plan larger than %u bytes", PLAN_MAX_BYTES);
    if (!(plan->bytes = malloc(len ? len : 1)))
        fail("plan", ENOMEM, "reading the plan");
    int err;
    plan->len = io_read_upto(fd, plan->bytes, len, &err);
    if (plan->len < len)
        fail("plan", err ? err : EPIPE, "read fd %d (%zu of %zu bytes)", fd, plan->len, len);
}

static uint32_t get_u32(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

static void parse(struct plan *plan);

void plan_read(int fd, struct plan *plan)
{
    *plan = (struct plan){ 0 };
    read_all(fd, plan);
    parse(plan);
}

void plan_read_n(int fd, struct plan *plan, size_t len)
{
    *plan = (struct plan){ 0 };
    read_exactly(fd, plan, len);
    parse(plan);
}

static void parse(struct plan *plan)
{
    const uint8_t *buf = plan->bytes;
    size_t len = plan->len;
    if (len < 12 || get_u32(buf) != PLAN_MAGIC)
        fail("plan", EINVAL, "not a sandbox4j plan (%zu bytes)", len);
    if (get_u32(buf + 4) != PLAN_VERSION)
        fail("plan", EINVAL, "plan version %u, shim speaks %u", get_u32(buf + 4), PLAN_VERSION);
    uint32_t count = get_u32(buf + 8);
    if (count > PLAN_MAX_OPS)
        fail("plan", E2BIG, "%u ops, at most %u", count, PLAN_MAX_OPS);
    struct op *ops = plan->ops = calloc(count ? count : 1, sizeof *ops);
    if (!ops)
        fail("plan", ENOMEM, "%u ops", count);
    size_t off = 12;
    for (uint32_t i = 0; i < count; i++) {
        if (len - off < 8)
            fail("plan", EINVAL, "op %u: truncated header", i);
        ops[i].code = get_u32(buf + off);
        ops[i].len = get_u32(buf + off + 4);
        off += 8;
        if (ops[i].len > len - off)
            fail("plan", EINVAL, "op %u (0x%x): payload overruns the plan", i, ops[i].code);
        ops[i].data = buf + off;
        off += ops[i].len;
    }
    if (off != len)
        fail("plan", EINVAL, "%zu trailing bytes", len - off);
    /* Each role applies its own ops in plan order: a plan whose roles go
     * back, or that does not end with the exec, was not written by
     * PlanWriter (which refuses both). */
    uint32_t role = ROLE_OUTER;
    for (uint32_t i = 0; i < count; i++) {
        uint32_t r = ROLE_OF(ops[i].code);
        if (r < role || r > ROLE_TARGET)
            fail("plan", EINVAL, "op %u (0x%x, %s) after an op of role %u", i, ops[i].code, op_name(ops[i].code),
                 role);
        role = r;
    }
    /* A pooled sandbox's preparation ends in POOL_SERVE instead: its init
     * serves runs (each with its own plan, ending in the exec) */
    if (count == 0 || (ops[count - 1].code != OP_EXEC && ops[count - 1].code != OP_POOL_SERVE))
        fail("plan", EINVAL, "the plan does not end with the exec op");
    plan->count = count;
}

void plan_free(struct plan *plan)
{
    if (plan->bytes) {
        /* The next init is a copy of the server's memory: leave it no
         * other sandbox's environment or paths. */
        explicit_bzero(plan->bytes, plan->len);
        free(plan->bytes);
    }
    free(plan->ops);
    *plan = (struct plan){ 0 };
}

void reader_init(struct reader *r, const struct op *op)
{
    r->p = op->data;
    r->end = op->data + op->len;
    r->bad = 0;
}

static const uint8_t *take(struct reader *r, size_t n)
{
    if (r->bad || (size_t)(r->end - r->p) < n) {
        r->bad = 1;
        return NULL;
    }
    const uint8_t *at = r->p;
    r->p += n;
    return at;
}

uint32_t rd_u32(struct reader *r)
{
    const uint8_t *p = take(r, 4);
    return p ? get_u32(p) : 0;
}

uint64_t rd_u64(struct reader *r)
{
    uint64_t v = 0;
    const uint8_t *p = take(r, 8);
    if (p)
        memcpy(&v, p, sizeof v);
    return v;
}

const uint8_t *rd_bytes(struct reader *r, uint32_t *len)
{
    *len = rd_u32(r);
    const uint8_t *p = take(r, *len);
    if (!p)
        *len = 0;
    return p;
}

char *rd_str(struct reader *r)
{
    uint32_t len;
    const uint8_t *p = rd_bytes(r, &len);
    char *s = malloc((size_t)len + 1);
    if (!s)
        fail("plan", ENOMEM, "string of %u bytes", len);
    if (p)
        memcpy(s, p, len);
    s[len] = '\0';
    return s;
}

int reader_ok(const struct reader *r)
{
    return !r->bad && r->p == r->end;
}

void reader_done(struct reader *r, const struct op *op)
{
    if (!reader_ok(r))
        fail("plan", EINVAL, "malformed payload of op 0x%x (%u bytes)", op->code, op->len);
}

const char *op_name(uint32_t code)
{
    switch (code) {
#define WIRE_OP(name, code, payload) case (code): return #name;
#define WIRE_FS_OP(name, code, payload) case (code): return "FS_" #name;
#include "wire.def"
    default:
        return "?";
    }
}
