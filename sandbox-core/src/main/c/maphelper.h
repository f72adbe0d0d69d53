/* newuidmap / newgidmap for OP_ID_MAP_HELPER (maphelper.c). */
#ifndef SANDBOX4J_MAPHELPER_H
#define SANDBOX4J_MAPHELPER_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Runs the id map helper of an OP_ID_MAP_HELPER payload for pid: 0 when it
 * mapped, 1 when it failed, -1 for a malformed payload; *why says what. */
int map_helper_run(const uint8_t *payload, uint32_t len, pid_t pid, char *why, size_t whylen);

#endif
