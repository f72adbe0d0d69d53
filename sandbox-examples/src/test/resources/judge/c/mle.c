#include <stdlib.h>
#include <string.h>
/* Touches 1 MiB after 1 MiB up to 1 GiB: the memory limit stops it long before. */
int main(void) {
    for (int i = 0; i < 1024; i++) {
        char *p = malloc(1 << 20);
        memset(p, 1, 1 << 20); /* a failed malloc crashes here: RLIMIT_AS without a cgroup */
    }
    return 0;
}
