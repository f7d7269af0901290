# Traps from user mode enter uservec (stvec points here while a process
# runs in user mode); usertrapret leaves through userret. The kernel's
# half of every page table is the same, so neither changes satp: while in
# user mode, sscratch holds this process's trapframe (its kernel address),
# in the kernel the process itself (myproc()).
# Offsets are those of struct trapframe in proc.h.
#define R(i) (32 + 8 * (i))

	.section .text
	.globl uservec
	.align 4
uservec:
	csrrw a0, sscratch, a0		# a0 = trapframe, sscratch = user a0
	sd ra, R(1)(a0)
	sd sp, R(2)(a0)
	sd gp, R(3)(a0)
	sd tp, R(4)(a0)
	sd t0, R(5)(a0)
	sd t1, R(6)(a0)
	sd t2, R(7)(a0)
	sd s0, R(8)(a0)
	sd s1, R(9)(a0)
	sd a1, R(11)(a0)
	sd a2, R(12)(a0)
	sd a3, R(13)(a0)
	sd a4, R(14)(a0)
	sd a5, R(15)(a0)
	sd a6, R(16)(a0)
	sd a7, R(17)(a0)
	sd s2, R(18)(a0)
	sd s3, R(19)(a0)
	sd s4, R(20)(a0)
	sd s5, R(21)(a0)
	sd s6, R(22)(a0)
	sd s7, R(23)(a0)
	sd s8, R(24)(a0)
	sd s9, R(25)(a0)
	sd s10, R(26)(a0)
	sd s11, R(27)(a0)
	sd t3, R(28)(a0)
	sd t4, R(29)(a0)
	sd t5, R(30)(a0)
	sd t6, R(31)(a0)
	csrr t0, sscratch
	sd t0, R(10)(a0)

	ld sp, 0(a0)			# kernel_sp
	ld tp, 8(a0)			# kernel_hartid
	ld a0, 16(a0)			# proc
	csrw sscratch, a0		# myproc() while in the kernel
	j usertrap			# usertrap(p)

	# userret(trapframe): back to user mode with the registers saved there.
	.globl userret
userret:
	csrw sscratch, a0
	ld ra, R(1)(a0)
	ld sp, R(2)(a0)
	ld gp, R(3)(a0)
	ld tp, R(4)(a0)
	ld t0, R(5)(a0)
	ld t1, R(6)(a0)
	ld t2, R(7)(a0)
	ld s0, R(8)(a0)
	ld s1, R(9)(a0)
	ld a1, R(11)(a0)
	ld a2, R(12)(a0)
	ld a3, R(13)(a0)
	ld a4, R(14)(a0)
	ld a5, R(15)(a0)
	ld a6, R(16)(a0)
	ld a7, R(17)(a0)
	ld s2, R(18)(a0)
	ld s3, R(19)(a0)
	ld s4, R(20)(a0)
	ld s5, R(21)(a0)
	ld s6, R(22)(a0)
	ld s7, R(23)(a0)
	ld s8, R(24)(a0)
	ld s9, R(25)(a0)
	ld s10, R(26)(a0)
	ld s11, R(27)(a0)
	ld t3, R(28)(a0)
	ld t4, R(29)(a0)
	ld t5, R(30)(a0)
	ld t6, R(31)(a0)
	ld a0, R(10)(a0)
	sret
