# OpenSBI enters here in S-mode with a0 = hart id, a1 = device tree.
# Every hart gets its own boot stack; bss is cleared by the boot hart in C.
	.section .text.entry
	.globl _entry
_entry:
	la sp, boot_stacks
	li t0, 16384
	addi t1, a0, 1
	mul t0, t0, t1
	add sp, sp, t0
	mv tp, a0
	call kmain
1:	wfi
	j 1b

	.section .bss
	.align 16
	.globl boot_stacks
boot_stacks:
	.space 16384 * 8	# NCPU boot stacks
