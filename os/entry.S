# OpenSBI enters _entry in S-mode on the boot hart with a0 = hart id,
# a1 = device tree. The boot hart later starts the others at _secondary
# through SBI HSM, with a1 = their index in cpus[].
# Each hart gets its own boot stack, chosen by its cpus[] index, which
# also lives in tp for the kernel's whole life on that hart.
#define BOOT_STACK 16384

	.section .text.entry
	.globl _entry
_entry:
	li tp, 0
	j 1f

	.globl _secondary
_secondary:
	mv tp, a1
1:	la sp, boot_stacks
	li t0, BOOT_STACK
	addi t1, tp, 1
	mul t0, t0, t1
	add sp, sp, t0
	bnez tp, 2f
	call kmain
	j 3f
2:	call ksecondary
3:	wfi
	j 3b

	.section .bss
	.align 16
	.globl boot_stacks
boot_stacks:
	.space BOOT_STACK * 8	# NCPU boot stacks
