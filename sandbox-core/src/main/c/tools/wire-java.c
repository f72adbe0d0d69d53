/*
 * Writes the Java side of the wire contract from ../wire.def, so Java and
 * the shim take every number from one table: OpCode, FsOp and ShimWire in
 * package dev.sandbox4j.internal.plan under OUTDIR. Also refuses a table
 * with two ops on one code, an op outside its role, an fs op outside the fs
 * range or two status types on one number: the build stops there.
 *
 * Usage: wire-java OUTDIR (run by gen-java.sh in the Maven build).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PKG "dev.sandbox4j.internal.plan"

static const char *outdir;
static int errors;

static FILE *open_class(const char *cls, const char *doc)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.java", outdir, cls);
    FILE *f = fopen(path, "w");
    if (!f) {
        perror(path);
        exit(1);
    }
    fprintf(f, "// Generated from sandbox-core/src/main/c/wire.def by tools/wire-java.c: edit the table, not this.\n"
               "package " PKG ";\n\n/**\n * %s\n * Generated from {@code src/main/c/wire.def}, which documents each value.\n */\n"
               "public final class %s {\n    private %s() {}\n\n",
            doc, cls, cls);
    return f;
}

static void constant(FILE *f, const char *prefix, const char *name, long long v)
{
    fprintf(f, v < 0x100 ? "    public static final int %s%s = %lld;\n" : "    public static final int %s%s = 0x%llx;\n",
            prefix, name, v);
}

static void close_class(FILE *f)
{
    fprintf(f, "}\n");
    if (fclose(f) != 0) {
        perror("write");
        exit(1);
    }
}

struct entry {
    const char *name;
    long long code;
    const char *payload;
};

static const struct entry ops[] = {
#define WIRE_OP(name, code, payload) { #name, code, payload },
#define WIRE_FS_OP(name, code, payload) { "FS_" #name, code, payload },
#include "../wire.def"
};
#define NOPS (sizeof ops / sizeof ops[0])

/* Refuses two entries of one kind on one number. */
static void unique(const char *kind, const struct entry *e, size_t n)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < i; j++)
            if (e[i].code == e[j].code) {
                fprintf(stderr, "wire.def: %s %s and %s share 0x%llx\n", kind, e[j].name, e[i].name, e[i].code);
                errors++;
            }
}

static void check(void)
{
    long long fs_first = -1, fs_last = -1;
#define WIRE_OP_RANGE(name, first, last) \
    if (!strcmp(#name, "FS")) { fs_first = (first); fs_last = (last); }
#include "../wire.def"
    for (size_t i = 0; i < NOPS; i++) {
        long long role = ops[i].code >> 8;
        if (role < 1 || role > 3) {
            fprintf(stderr, "wire.def: op %s (0x%llx) has no role (0x1xx..0x3xx)\n", ops[i].name, ops[i].code);
            errors++;
        }
        int fs = !strncmp(ops[i].name, "FS_", 3);
        int in_fs = ops[i].code >= fs_first && ops[i].code <= fs_last;
        if (fs != in_fs) {
            fprintf(stderr, "wire.def: op %s (0x%llx) %s the fs range 0x%llx..0x%llx\n", ops[i].name,
                    ops[i].code, fs ? "outside" : "inside", fs_first, fs_last);
            errors++;
        }
        char toks[256];
        snprintf(toks, sizeof toks, "%s", ops[i].payload);
        for (char *t = strtok(toks, " "); t; t = strtok(NULL, " ")) {
            if (strcmp(t, "u32") && strcmp(t, "u64") && strcmp(t, "str") && strcmp(t, "bytes") && strcmp(t, "strs")
                && strcmp(t, "u32s")) {
                fprintf(stderr, "wire.def: op %s: unknown payload field '%s'\n", ops[i].name, t);
                errors++;
            }
        }
    }
    unique("ops", ops, NOPS);
    static const struct entry status[] = {
#define WIRE_STATUS(name, v) { #name, v, "" },
#include "../wire.def"
    };
    unique("status types", status, sizeof status / sizeof status[0]);
    static const struct entry slots[] = {
#define WIRE_SLOT(name, fd) { #name, fd, "" },
#include "../wire.def"
    };
    unique("init fd slots", slots, sizeof slots / sizeof slots[0]);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: wire-java OUTDIR\n");
        return 2;
    }
    outdir = argv[1];
    check();
    if (errors)
        return 1;

    FILE *f = open_class("OpCode", "Op codes, plan framing and fd slots of the launch plan; the high byte of an op names the "
                                   "shim role applying it.");
#define WIRE_PLAN(name, v) constant(f, "", #name, v);
#include "../wire.def"
    fprintf(f, "\n");
#define WIRE_OP(name, code, payload) constant(f, "", #name, code);
#define WIRE_OP_RANGE(name, first, last) constant(f, "", #name "_FIRST", first); constant(f, "", #name "_LAST", last);
#include "../wire.def"
    fprintf(f, "\n");
#define WIRE_SLOT(name, fd) constant(f, "FD_", #name, fd);
#define WIRE_SERVER_SLOT(name, fd) constant(f, "FD_SERVER_", #name, fd);
#include "../wire.def"
    fprintf(f, "\n    /**\n     * The name of an op as the table spells it ({@code \"CLONE\"}, {@code \"FS_TMPFS\"}).\n"
               "     *\n     * @param code an op code\n     * @return its name, or its number in hex when the table has none\n"
               "     */\n    public static String name(int code) {\n        return switch (code) {\n");
    for (size_t i = 0; i < NOPS; i++)
        fprintf(f, "            case 0x%llx -> \"%s\";\n", ops[i].code, ops[i].name);
    fprintf(f, "            default -> \"0x\" + Integer.toHexString(code);\n        };\n    }\n");
    fprintf(f, "\n    /**\n     * The payload layout of an op: its fields in order, space-separated ({@code \"str u64 u64 u32\"};\n"
               "     * {@code wire.def} says what each means).\n     *\n     * @param code an op code\n"
               "     * @return its layout ({@code \"\"} for none), or null for a code the table does not have\n"
               "     */\n    public static String payload(int code) {\n        return switch (code) {\n");
    for (size_t i = 0; i < NOPS; i++)
        fprintf(f, "            case 0x%llx -> \"%s\";\n", ops[i].code, ops[i].payload);
    fprintf(f, "            default -> null;\n        };\n    }\n");
    close_class(f);

    f = open_class("FsOp", "Filesystem op codes (the init's mounts.c) and their flag bits.");
#define WIRE_FS_OP(name, code, payload) constant(f, "", #name, code);
#include "../wire.def"
    fprintf(f, "\n");
#define WIRE_FS_FLAG(name, v) constant(f, "", #name, v);
#include "../wire.def"
    close_class(f);

    f = open_class("ShimWire", "Status record types (shim to Java) and launch request framing (Java to the shim server).");
#define WIRE_STATUS(name, v) constant(f, "STATUS_", #name, v);
#include "../wire.def"
    fprintf(f, "\n");
#define WIRE_REQUEST(name, v) constant(f, "REQUEST_", #name, v);
#include "../wire.def"
    long long max_fds = 0, fixed = 0;
#define WIRE_REQUEST(name, v) if (!strcmp(#name, "MAX_FDS")) max_fds = (v);
#include "../wire.def"
    /* stdio and the three request pipes the server takes (plan, status, control) */
#define WIRE_SLOT(name, fd) if (!strcmp(#name, "PLAN") || !strcmp(#name, "STATUS") || !strcmp(#name, "CONTROL")) fixed++;
#include "../wire.def"
    fprintf(f, "    /** Fds a caller may pass: one request carries {@link #REQUEST_MAX_FDS}, less stdio and the plan, status and control pipes. */\n");
    constant(f, "", "MAX_PASSED_FDS", max_fds - 3 - fixed);
    close_class(f);
    return 0;
}
