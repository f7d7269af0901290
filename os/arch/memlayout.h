/*
 * Where things are. Device addresses come from the device tree at boot;
 * the values here are QEMU virt's, used only if the tree lacks a node.
 *
 * Virtual memory (Sv39): the lower half belongs to the running process,
 * the upper half to the kernel, and every page table shares the kernel's
 * upper half, so a trap needs no change of page table (on QEMU a satp
 * write flushes the whole TLB: that would cost every system call dearly).
 *
 *   0xFFFFFFC000000000 + pa   all physical memory and devices (direct map);
 *                             the kernel image runs here, linked at
 *                             KERNEL_OFFSET + 0x80200000
 *   KPROC_AREA up             slots of processes: a guard page, the kernel
 *                             stack, the struct proc (mm/procslot.c)
 *   0x0000003FFFFFFFFF down   the user's: the vDSO, the stack below
 *                             USTACK_TOP, mmap regions, interpreter, brk
 *   ...                       heap and program, from 0x10000 up (each
 *                             place randomized at exec: exec/layout.c)
 */
#ifndef MEMLAYOUT_H
#define MEMLAYOUT_H
#include "arch/riscv.h"

#define KERNEL_OFFSET 0xFFFFFFC000000000UL	/* kernel VA = PA + this */
#define KVA(pa) ((uint64_t)(pa) + KERNEL_OFFSET)
#define KPA(va) ((uint64_t)(va) - KERNEL_OFFSET)
#define KERNEL_HALF 256	/* first top-level page-table index of the upper half */

#define DEFAULT_UART0 0x10000000UL
#define DEFAULT_UART0_IRQ 10
#define DEFAULT_PLIC 0x0c000000UL
#define PLIC_SIZE 0x4000000UL
#define VIRTIO_MMIO_FIRST 0x10001000UL	/* slots every 0x1000, IRQ 1 + slot */
#define DEFAULT_TEST 0x100000UL	/* QEMU virt's exit device (sifive,test0) */
#define VIRTIO_MAJOR 254	/* Linux's device numbers: 16 minors a virtio disk */
#define MMC_MAJOR 179		/* and 8 an SD card */

/* The user's: addresses below the top of its range, page 0 never
 * mapped. A 64-bit process has everything below MAXVA (1 << 38); a
 * 32-bit one (sstatus.UXL = 1) everything below 2 GiB, since its
 * addresses at or above 0x80000000 sign-extend into the kernel's half.
 * A 64-bit process has the vDSO between its stack and the top
 * (mm/vdso.c): its data page at VDSO_VA, its text from the page above,
 * up to VDSO_TEXT_MAX pages; its signal handlers return through the
 * vDSO. A 32-bit one has none: its handlers return through the two
 * instructions at SIGRETURN_VA32 (li a7, 139; ecall). */
#define USER_TOP32 0x80000000UL
#define USER_TOP(is32) ((is32) ? USER_TOP32 : MAXVA)
#define SIGRETURN_VA32 (USER_TOP32 - 2 * PGSIZE)
#define VDSO_VA (MAXVA - 8 * PGSIZE)
#define VDSO_TEXT_MAX 5
/* The highest the stack's top may be; exec moves it down by a random
 * number of pages (exec/layout.c) and keeps where it put it in the mm
 * (mm->stack_top). */
#define USTACK_TOP(top) ((top) - 18 * PGSIZE)
#define USTACK_MAX (8UL << 20)	/* RLIMIT_STACK: how far the stack may grow */
/* A stack whose top is stack_top grows down to USTACK_LOW at most; the
 * page under it is a guard that nothing maps, so the program, brk and
 * mmap all stay below USER_CEIL. */
#define USTACK_LOW(stack_top) ((stack_top) - USTACK_MAX)
#define USER_CEIL(stack_top) (USTACK_LOW(stack_top) - PGSIZE)
#define USER_MIN   0x1000UL

/* 1 GiB, one top-level entry's reach: a slot for each process, mapped
 * while it exists (mm/procslot.c): an unmapped guard page, its kernel
 * stack, its struct proc, its trapframe. */
#define KPROC_AREA 0xFFFFFFFF80000000UL
#define KPROC_AREA_SIZE (1UL << 30)
#endif
