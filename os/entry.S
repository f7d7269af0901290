# OpenSBI enters _entry in S-mode on the boot hart, at its physical
# address with the MMU off, a0 = hart id, a1 = device tree. The boot hart
# later starts the others at _secondary (physical) through SBI HSM, with
# a1 = their index in cpus[].
#
# Each hart turns on a boot page table that maps the kernel both where it
# runs now (identity) and where it is linked (KERNEL_OFFSET + pa), jumps
# up, and takes its boot stack by its cpus[] index, which stays in tp for
# the kernel's whole life on that hart. kvminit() then builds the real
# kernel page table.
#define BOOT_STACK 16384
#define PTE_GIGA_RWX 0xCF	/* V R W X A D */

	.section .text.entry
	.globl _entry
_entry:
	li tp, 0
	j 1f

	.globl _secondary
_secondary:
	mv tp, a1
1:	lla t0, boot_pagetable		# pc-relative: its physical address
	srli t0, t0, 12
	li t1, 8 << 60			# Sv39
	or t0, t0, t1
	sfence.vma zero, zero
	csrw satp, t0
	sfence.vma zero, zero
	ld t0, high			# the linked (high) address of 2f
	jr t0
2:	la sp, boot_stacks
	li t0, BOOT_STACK
	addi t1, tp, 1
	mul t0, t0, t1
	add sp, sp, t0
	bnez tp, 3f
	call kmain
	j 4f
3:	call ksecondary
4:	wfi
	j 4b

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

	.section .bss
	.align 16
	.globl boot_stacks
boot_stacks:
	.space BOOT_STACK * 8	# NCPU boot stacks
