/* The host's stand-in for dev/dev.h: a wall clock the test moves. */
#ifndef DEV_DEV_H
#define DEV_DEV_H
#include "kern/kern.h"
uint64_t realtime_ns(void);
extern uint64_t shim_clock_ns;
#endif
