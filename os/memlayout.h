/*
 * Where things are. Device addresses come from the device tree at boot;
 * the values here are QEMU virt's, used only if the tree lacks a node.
 */
#ifndef MEMLAYOUT_H
#define MEMLAYOUT_H
#include "riscv.h"

#define KERNBASE 0x80200000UL	/* where OpenSBI enters us */
#define DEFAULT_UART0 0x10000000UL
#define DEFAULT_UART0_IRQ 10
#define DEFAULT_PLIC 0x0c000000UL
#define PLIC_SIZE 0x4000000UL
#define VIRTIO_MMIO_FIRST 0x10001000UL	/* slots every 0x1000, IRQ 1 + slot */
#define VIRTIO_MMIO_SLOTS 8
#define VIRT_TEST 0x100000UL	/* QEMU virt's exit device (sifive_test) */

/*
 * User address space (per process), from the top:
 *   TRAMPOLINE   the trap entry/exit code, also mapped in the kernel
 *   TRAPFRAME    this process's saved registers
 *   (guard gap)
 *   USTACK_TOP   the user stack grows down from here
 */
#define TRAMPOLINE (MAXVA - PGSIZE)
#define TRAPFRAME (TRAMPOLINE - PGSIZE)
#define USTACK_TOP (TRAPFRAME - 16 * PGSIZE)
#define USTACK_MAX (8UL << 20)	/* lowest stack address: USTACK_TOP - this */
#define USER_MIN   0x1000UL	/* page 0 is never mapped */

/* Kernel stacks live high in the kernel's address space, guard page below each. */
#define KSTACK(slot) (TRAMPOLINE - ((uint64_t)(slot) + 1) * (KSTACK_PAGES + 1) * PGSIZE)
#endif
