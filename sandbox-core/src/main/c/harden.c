/*
 * The target role's hardening steps (see harden.h). Raw syscalls only, no
 * libcap: the shim is static and must stay small enough to audit.
 */
#include "harden.h"
#include "status.h"

#include <errno.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

static const char *rlimit_name(uint32_t resource)
{
    static const char *const names[] = {
        [RLIMIT_CPU] = "cpu", [RLIMIT_FSIZE] = "fsize", [RLIMIT_DATA] = "data",
        [RLIMIT_STACK] = "stack", [RLIMIT_CORE] = "core", [RLIMIT_RSS] = "rss",
        [RLIMIT_NPROC] = "nproc", [RLIMIT_NOFILE] = "nofile",
        [RLIMIT_MEMLOCK] = "memlock", [RLIMIT_AS] = "as", [RLIMIT_LOCKS] = "locks",
        [RLIMIT_SIGPENDING] = "sigpending", [RLIMIT_MSGQUEUE] = "msgqueue",
        [RLIMIT_NICE] = "nice", [RLIMIT_RTPRIO] = "rtprio", [RLIMIT_RTTIME] = "rttime",
    };
    if (resource < sizeof names / sizeof names[0] && names[resource])
        return names[resource];
    return "unknown";
}

void harden_rlimit(uint32_t resource, uint64_t soft, uint64_t hard)
{
    struct rlimit rl = { .rlim_cur = (rlim_t)soft, .rlim_max = (rlim_t)hard };
    if (setrlimit((int)resource, &rl) == 0)
        return;
    int err = errno;
    /* EPERM almost always means raising the hard limit without
     * CAP_SYS_RESOURCE: say what the current hard limit is. */
    struct rlimit now;
    if (getrlimit((int)resource, &now) == 0)
        fail("rlimit", err, "RLIMIT_%s (%u) soft %llu hard %llu; current hard %llu",
             rlimit_name(resource), resource, (unsigned long long)soft,
             (unsigned long long)hard, (unsigned long long)now.rlim_max);
    fail("rlimit", err, "RLIMIT_%s (%u) soft %llu hard %llu", rlimit_name(resource),
         resource, (unsigned long long)soft, (unsigned long long)hard);
}

void harden_no_new_privs(void)
{
    if (prctl(PR_SET_NO_NEW_PRIVS, 1L, 0L, 0L, 0L) != 0)
        fail("no_new_privs", errno, "prctl(PR_SET_NO_NEW_PRIVS)");
}

/* The highest capability this kernel knows. Probed rather than read from
 * /proc/sys/kernel/cap_last_cap: the target may have no /proc. */
static int cap_last(void)
{
    int last = -1;
    while (last < 63 && prctl(PR_CAPBSET_READ, (long)(last + 1), 0L, 0L, 0L) >= 0)
        last++;
    return last;
}

struct capsets {
    uint64_t effective, permitted, inheritable;
};

static struct capsets caps_get(void)
{
    struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
    struct __user_cap_data_struct d[2];
    memset(d, 0, sizeof d);
    if (syscall(SYS_capget, &hdr, d) != 0)
        fail("caps", errno, "capget");
    return (struct capsets){
        .effective = d[0].effective | (uint64_t)d[1].effective << 32,
        .permitted = d[0].permitted | (uint64_t)d[1].permitted << 32,
        .inheritable = d[0].inheritable | (uint64_t)d[1].inheritable << 32,
    };
}

static void caps_set(struct capsets c, const char *what)
{
    struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
    struct __user_cap_data_struct d[2] = {
        { (uint32_t)c.effective, (uint32_t)c.permitted, (uint32_t)c.inheritable },
        { (uint32_t)(c.effective >> 32), (uint32_t)(c.permitted >> 32),
          (uint32_t)(c.inheritable >> 32) },
    };
    if (syscall(SYS_capset, &hdr, d) != 0)
        fail("caps", errno, "capset (%s): effective 0x%llx permitted 0x%llx inheritable 0x%llx",
             what, (unsigned long long)c.effective, (unsigned long long)c.permitted,
             (unsigned long long)c.inheritable);
}

void harden_caps(uint64_t keep)
{
    int last = cap_last();
    if (last < 0)
        fail("caps", EINVAL, "PR_CAPBSET_READ knows no capability");
    uint64_t known = last >= 63 ? ~0ull : (1ull << (last + 1)) - 1;
    if (keep & ~known)
        fail("caps", EINVAL, "keep mask 0x%llx names capabilities above cap_last_cap %d",
             (unsigned long long)keep, last);

    struct capsets now = caps_get();
    if (keep & ~now.permitted)
        fail("caps", EPERM, "cannot keep 0x%llx: not in the permitted set 0x%llx "
             "(a non-root uid keeps capabilities only with PR_SET_KEEPCAPS)",
             (unsigned long long)(keep & ~now.permitted), (unsigned long long)now.permitted);

    /* setresuid away from uid 0 clears the effective set even under
     * keepcaps: make the permitted ones effective so CAP_SETPCAP works. */
    if (now.effective != now.permitted) {
        now.effective = now.permitted;
        caps_set(now, "raise effective");
    }

    for (int cap = 0; cap <= last; cap++) {
        if (keep & (1ull << cap))
            continue;
        if (prctl(PR_CAPBSET_READ, (long)cap, 0L, 0L, 0L) == 0)
            continue; /* already gone: nothing to do, no privilege needed */
        if (prctl(PR_CAPBSET_DROP, (long)cap, 0L, 0L, 0L) != 0)
            fail("caps", errno, "dropping capability %d from the bounding set%s", cap,
                 errno == EPERM ? " (no CAP_SETPCAP)" : "");
    }

    /* Ambient caps are cleared on every uid change; start from none. EINVAL
     * means a kernel before 4.3 without ambient caps: fine when keeping none. */
    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0L, 0L, 0L) != 0
        && !(errno == EINVAL && keep == 0))
        fail("caps", errno, "clearing the ambient set");

    caps_set((struct capsets){ keep, keep, keep }, "keep");

    /* Raising ambient needs the cap in permitted and inheritable (done). */
    for (int cap = 0; cap <= last; cap++) {
        if ((keep & (1ull << cap))
            && prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, (long)cap, 0L, 0L) != 0)
            fail("caps", errno, "raising capability %d in the ambient set", cap);
    }
}

void harden_seccomp(const uint8_t *filter, uint32_t len)
{
    if (len == 0 || len % sizeof(struct sock_filter) != 0
        || len / sizeof(struct sock_filter) > BPF_MAXINSNS)
        fail("seccomp", EINVAL, "filter of %u bytes (needs 1..%u instructions of %zu bytes)",
             len, (unsigned)BPF_MAXINSNS, sizeof(struct sock_filter));
    /* The plan's payload has no alignment guarantee; sock_filter needs 4. */
    struct sock_filter *insns = malloc(len);
    if (!insns)
        fail("seccomp", ENOMEM, "filter of %u bytes", len);
    memcpy(insns, filter, len);
    struct sock_fprog prog = {
        .len = (unsigned short)(len / sizeof(struct sock_filter)),
        .filter = insns,
    };
    if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0u, &prog) == 0)
        return;
    int err = errno;
    if (err == ENOSYS && prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0L, 0L) == 0)
        return; /* kernels before 3.17 have only the prctl */
    if (err == ENOSYS)
        err = errno;
    fail("seccomp", err, "installing a filter of %u instructions%s", (unsigned)prog.len,
         err == EACCES ? " (needs no_new_privs or CAP_SYS_ADMIN)" : "");
}
