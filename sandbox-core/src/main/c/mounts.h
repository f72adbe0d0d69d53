/*
 * Filesystem steps of the init role: op codes OP_FS_FIRST..OP_FS_LAST
 * (see plan.h). Each op is applied in plan order; a failure calls fail()
 * with the step name, errno and the path involved.
 */
#ifndef SANDBOX4J_MOUNTS_H
#define SANDBOX4J_MOUNTS_H

#include "plan.h"

void apply_fs_op(const struct op *op);

#endif
