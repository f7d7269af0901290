/*
 * The machine, as the device tree describes it: dev/fdt.c fills it in
 * at boot, over boot.c's defaults (QEMU virt's). A header of its own so
 * that the tree's reader builds on the host for its unit test
 * (os/tests/test_fdt.c).
 */
#ifndef KERN_BOOTINFO_H
#define KERN_BOOTINFO_H
#include "kern/types.h"
#include "kern/param.h"

#define VIRTIO_MMIO_SLOTS 8	/* virtio-mmio slots kept: QEMU virt's 8 */

enum { UART_NS16550, UART_SIFIVE };

/* What Linux's ARCH_DLINFO gives on riscv: AT_L1I_CACHESIZE ..
 * AT_L3_CACHEGEOMETRY, in that order. */
enum { CACHE_L1I, CACHE_L1D, CACHE_L2, CACHE_L3, CACHE_AUX_LEVELS };

struct bootinfo {
	uint64_t mem_base, mem_size;
	uint64_t uart, uart_irq;
	int uart_kind;		/* UART_NS16550 or UART_SIFIVE */
	uint64_t plic;
	int plic_sctx[NHARTID];	/* hart id -> its S-mode PLIC context, -1 if unknown */
	uint64_t test;		/* sifive,test0 (QEMU's exit device), 0 if none */
	uint64_t sdspi;		/* sifive,spi0 with an mmc-spi-slot, 0 if none */
	int sdcs;		/* that slot's chip select */
	uint64_t timebase;	/* rdtime ticks per second */
	uint64_t rtc;		/* Goldfish RTC, 0 if none */
	int nvirtio;
	struct { uint64_t base, irq; } virtio[VIRTIO_MMIO_SLOTS];
	int nharts;
	uint64_t harts[NCPU];	/* hart ids with an MMU, in tree order */
	char bootargs[128];
	char isa[64];		/* the first hart's riscv,isa: /proc/cpuinfo */
	uint64_t hwcap;		/* AT_HWCAP: the ISA letters every used hart has */
	/* each level's size in bytes and geometry (ways << 16 | line
	 * size), as the first used hart's caches are described: 0 if not */
	struct { uint64_t size, geometry; } cache[CACHE_AUX_LEVELS];
};
#endif
