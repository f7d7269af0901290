# Every hart enters at _entry, at its physical address with the MMU off,
# a0 = its hart id: the first one from OpenSBI's cold boot (a1 = the
# device tree), each other one when the boot hart starts it through SBI
# HSM. The first to arrive boots; any later one takes its cpus[] index
# from hart_cpu[a0], which the boot hart fills in before starting it.
#
# Neither a1 nor the start address tells a started hart what it is:
# OpenSBI 1.1's hart_start marks the hart START_PENDING before it stores
# the address and a1 for it, and the waiting hart, spinning rather than
# sleeping in its WFI loop (an M-mode IPI stays pending), may leave
# between the two with the cold boot's values: this _entry, a1 = the
# device tree. Hence one entry point, and the hart id (always right).
#
# Each hart turns on a boot page table that maps the kernel both where it
# runs now (identity) and where it is linked (KERNEL_OFFSET + pa), jumps
# up, and takes its boot stack by its cpus[] index, which stays in tp for
# the kernel's whole life on that hart. kvminit() then builds the real
# kernel page table.
#include "kern/param.h"
#define PTE_GIGA_RWX 0xCF	/* V R W X A D */

	.section .text.entry
	.globl _entry
_entry:
	li tp, 0
	csrw sscratch, zero		# myproc(): no process yet
	lla t0, boot_claimed		# pc-relative: its physical address
	li t1, 1
	amoswap.w t1, t1, (t0)
	beqz t1, 1f			# the first hart here boots
	li t0, NHARTID
	bgeu a0, t0, park
	lla t0, hart_cpu
	add t0, t0, a0
	lbu tp, 0(t0)
	beqz tp, park			# a hart the kernel did not start
1:	lla t0, boot_pagetable
	srli t0, t0, 12
	li t1, 8 << 60			# Sv39
	or t0, t0, t1
	sfence.vma zero, zero
	csrw satp, t0
	sfence.vma zero, zero
	ld t0, high			# the linked (high) address of 2f
	jr t0
2:	bnez tp, 5f			# the boot hart clears bss, stacks included:
	la t0, _bss_start		# QEMU's loader zeroes it only at power on,
	la t1, _bss_end			# not at a reset (reboot), nor does firmware
4:	bgeu t0, t1, 5f
	sd zero, 0(t0)
	addi t0, t0, 8
	j 4b
5:	la sp, boot_stacks
	li t0, BOOT_STACK
	addi t1, tp, 1
	mul t0, t0, t1
	add sp, sp, t0
	bnez tp, 3f
	call kmain
	j park
3:	call ksecondary
park:	wfi
	j park

	.section .rodata
	.align 3
high:	.quad 2b

	.section .data
	.align 12
# One gigapage each: physical 0-1 GiB (devices) and 2-3 GiB (RAM) at
# KERNEL_OFFSET + pa, and RAM once more at its own address, for the few
# instructions between the satp write and the jump.
boot_pagetable:
	.quad 0
	.quad 0
	.quad (0x80000000 >> 12 << 10) | PTE_GIGA_RWX	# 0x80000000, identity
	.fill 253, 8, 0
	.quad (0x00000000 >> 12 << 10) | PTE_GIGA_RWX	# index 256: KVA(0)
	.quad 0
	.quad (0x80000000 >> 12 << 10) | PTE_GIGA_RWX	# index 258: KVA(0x80000000)
	.fill 253, 8, 0
boot_claimed:			# set by the first hart to reach _entry
	.word 0

	.section .bss
	.align 16
	.globl boot_stacks
boot_stacks:
	.space BOOT_STACK * 8	# NCPU boot stacks
