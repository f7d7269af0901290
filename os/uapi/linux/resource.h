/*
 * getrlimit(2), setrlimit(2), prlimit64(2) and getrusage(2): the limits
 * and their structures, and whose usage; getpriority(2)'s whom. Linux's.
 * Checked against <linux/resource.h> (tools/abicheck.py).
 */
#ifndef UAPI_LINUX_RESOURCE_H
#define UAPI_LINUX_RESOURCE_H
#include <stdint.h>

#define RLIMIT_FSIZE  1
#define RLIMIT_STACK  3
#define RLIMIT_CORE   4
#define RLIMIT_NPROC  6
#define RLIMIT_NOFILE 7
#define RLIM_INFINITY   (~0UL)
#define RLIM64_INFINITY (~0ULL)

struct rlimit {
	unsigned long rlim_cur;
	unsigned long rlim_max;
};

struct rlimit64 {
	uint64_t rlim_cur;
	uint64_t rlim_max;
};

/* getpriority(2), setpriority(2): whose nice value */
#define PRIO_MIN     (-20)
#define PRIO_MAX     20
#define PRIO_PROCESS 0
#define PRIO_PGRP    1
#define PRIO_USER    2

#define RUSAGE_SELF     0
#define RUSAGE_CHILDREN (-1)
#define RUSAGE_THREAD   1
#endif
