/*
 * sysinfo(2)'s struct sysinfo: longs, so 32-bit fields on rv32 (the
 * kernel fills that form itself, kern/compat32.c); the sizes count
 * mem_unit bytes.
 * Checked against <linux/sysinfo.h> (tools/abicheck.py).
 */
#ifndef UAPI_LINUX_SYSINFO_H
#define UAPI_LINUX_SYSINFO_H
#include <stdint.h>

struct sysinfo {
	long uptime;		/* seconds since boot */
	unsigned long loads[3];
	unsigned long totalram;
	unsigned long freeram;
	unsigned long sharedram;
	unsigned long bufferram;
	unsigned long totalswap;
	unsigned long freeswap;
	uint16_t procs;
	uint16_t pad;
	unsigned long totalhigh;
	unsigned long freehigh;
	uint32_t mem_unit;
	char _f[20 - 2 * sizeof(long) - sizeof(int)];
};
#endif
