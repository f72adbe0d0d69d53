/* Status records to Java (see status.h). */
#include "io.h"
#include "status.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int report_fd = -1;
static jmp_buf *fail_jump;
static uint32_t op_index = UINT32_MAX, op_code = UINT32_MAX;

void status_op(uint32_t index, uint32_t code)
{
    op_index = index;
    op_code = code;
}

void status_no_op(void) { status_op(UINT32_MAX, UINT32_MAX); }

void status_fail_jump(jmp_buf *to) { fail_jump = to; }

void status_set_fd(int fd) { report_fd = fd; }
int status_fd(void) { return report_fd; }

void status_write(uint32_t type, const void *payload, uint32_t len)
{
    /* One write per record keeps records whole: they are far below PIPE_BUF. */
    uint8_t buf[4096];
    if (len > sizeof buf - 8)
        len = sizeof buf - 8;
    memcpy(buf, &type, 4);
    memcpy(buf + 4, &len, 4);
    memcpy(buf + 8, payload, len);
    if (!io_write_all(report_fd, buf, 8 + (size_t)len, 0)) { /* Java is gone: nobody left to tell */ }
}

static size_t put_str(uint8_t *at, const char *s, size_t max)
{
    uint32_t n = (uint32_t)strnlen(s, max);
    memcpy(at, &n, 4);
    memcpy(at + 4, s, n);
    return 4 + (size_t)n;
}

void fail(const char *step, int err, const char *detail_fmt, ...)
{
    char detail[1024];
    va_list ap;
    va_start(ap, detail_fmt);
    vsnprintf(detail, sizeof detail, detail_fmt, ap);
    va_end(ap);

    uint8_t payload[4 + 4 + 128 + 4 + sizeof detail + 8];
    int32_t e = err;
    size_t off = 0;
    memcpy(payload, &e, 4);
    off += 4;
    off += put_str(payload + off, step, 128);
    off += put_str(payload + off, detail, sizeof detail - 1);
    memcpy(payload + off, &op_index, 4);
    memcpy(payload + off + 4, &op_code, 4);
    off += 8;
    status_write(STATUS_FAILED, payload, (uint32_t)off);
    if (fail_jump)
        longjmp(*fail_jump, 1);
    _exit(SHIM_SETUP_FAILED);
}
