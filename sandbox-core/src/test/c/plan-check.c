/*
 * Reads plans with the shim's own plan reader (plan.c) and prints each op
 * decoded by its layout in wire.def, one line per op:
 *
 *   INDEX NAME FIELD...   u32/u64 in decimal, str as text with bytes
 *                         outside '!'..'~' and '\' as \xNN, bytes as
 *                         #HEX, strs and u32s as [N FIELD...]
 *
 * PlanWireTest writes the plans PlanEncoder makes for representative specs,
 * runs this on them and compares the lines with its own decoding: the C
 * reader accepts the framing, the role order and the final exec, and reads
 * every payload to its end as the table says. A plan it refuses prints the
 * FAILED record's step and detail and exits 1.
 *
 * Usage: plan-check PLAN-FILE...
 */
#include "plan.h"
#include "status.h"

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char *payload_of(uint32_t code)
{
    switch (code) {
#define WIRE_OP(name, code, payload) case (code): return payload;
#define WIRE_FS_OP(name, code, payload) case (code): return payload;
#include "wire.def"
    default:
        return NULL;
    }
}

static void put_text(const uint8_t *p, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        if (p[i] < '!' || p[i] > '~' || p[i] == '\\')
            printf("\\x%02x", p[i]);
        else
            putchar(p[i]);
    }
}

static void field(struct reader *r, const char *kind)
{
    uint32_t n;
    const uint8_t *p;
    if (!strcmp(kind, "u32")) {
        printf(" %u", rd_u32(r));
    } else if (!strcmp(kind, "u64")) {
        printf(" %llu", (unsigned long long)rd_u64(r));
    } else if (!strcmp(kind, "str")) {
        p = rd_bytes(r, &n);
        putchar(' ');
        put_text(p, n);
    } else if (!strcmp(kind, "bytes")) {
        p = rd_bytes(r, &n);
        printf(" #");
        for (uint32_t i = 0; i < n; i++)
            printf("%02x", p[i]);
    } else if (!strcmp(kind, "strs") || !strcmp(kind, "u32s")) {
        n = rd_u32(r);
        if (n > (uint32_t)(r->end - r->p)) { /* a count beyond the payload: let the reader fail */
            r->bad = 1;
            return;
        }
        printf(" [%u", n);
        for (uint32_t i = 0; i < n && !r->bad; i++)
            field(r, kind[0] == 's' ? "str" : "u32");
        putchar(']');
    }
}

/* 0 when the plan read and every op decoded to its end by its layout. */
static int check(const char *path, int status_pipe)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        fprintf(stderr, "%s: %s\n", path, strerror(errno));
        return 1;
    }
    static struct plan plan;
    static jmp_buf failed;
    plan = (struct plan){ 0 };
    if (setjmp(failed)) {
        /* fail() wrote a STATUS_FAILED record: i32 errno, str step, str detail */
        uint8_t rec[2048];
        ssize_t got = read(status_pipe, rec, sizeof rec);
        uint32_t slen = 0, dlen = 0;
        if (got >= 16)
            memcpy(&slen, rec + 12, 4);
        if (got >= 20 + (ssize_t)slen)
            memcpy(&dlen, rec + 16 + slen, 4);
        if (got < 20 + (ssize_t)slen + (ssize_t)dlen)
            slen = dlen = 0;
        printf("refused %.*s: %.*s\n", (int)slen, (const char *)rec + 16, (int)dlen, (const char *)rec + 20 + slen);
        close(fd);
        plan_free(&plan);
        return 1;
    }
    status_fail_jump(&failed);
    plan_read(fd, &plan);
    close(fd);
    int bad = 0;
    for (uint32_t i = 0; i < plan.count; i++) {
        const struct op *op = &plan.ops[i];
        const char *layout = payload_of(op->code);
        printf("%u %s", i, op_name(op->code));
        if (!layout) {
            printf(" unknown op 0x%x\n", op->code);
            bad = 1;
            continue;
        }
        struct reader r;
        reader_init(&r, op);
        char kinds[256];
        snprintf(kinds, sizeof kinds, "%s", layout);
        for (char *k = strtok(kinds, " "); k; k = strtok(NULL, " "))
            field(&r, k);
        if (!reader_ok(&r)) {
            printf(" MALFORMED (layout \"%s\", %u bytes)", layout, op->len);
            bad = 1;
        }
        putchar('\n');
    }
    plan_free(&plan);
    return bad;
}

int main(int argc, char **argv)
{
    int pipefd[2];
    if (pipe2(pipefd, O_CLOEXEC | O_NONBLOCK) != 0) {
        perror("pipe2");
        return 2;
    }
    status_set_fd(pipefd[1]);
    int bad = 0;
    for (int i = 1; i < argc; i++) {
        printf("plan %s\n", argv[i]);
        bad |= check(argv[i], pipefd[0]);
    }
    return bad;
}
