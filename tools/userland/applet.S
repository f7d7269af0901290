/*
 * An applet link: /bin/NAME for each of busybox's applets. FAT has no
 * links, so each is this program, which execs /bin/busybox with its own
 * argv and envp unchanged: busybox takes the applet from argv[0], as it
 * does through a link ("sh", "ls"), and a message names it as a link's
 * would ("sh: nosuch: not found", not "/bin/sh: ..."). No libc, no data:
 * one page-less R+X segment of a few hundred bytes.
 */
	.section .text
	.globl	_start
_start:
	ld	t0, 0(sp)		/* argc */
	addi	a1, sp, 8		/* argv */
	slli	t0, t0, 3
	add	a2, a1, t0
	addi	a2, a2, 8		/* envp: past argv's NULL */
	lla	a0, busybox
	li	a7, 221			/* execve */
	ecall
	li	a0, 2			/* it failed: say so on stderr */
	lla	a1, failed
	li	a2, 33			/* the message's length */
	li	a7, 64			/* write */
	ecall
	li	a0, 127
	li	a7, 93			/* exit */
	ecall
busybox:
	.asciz	"/bin/busybox"
failed:
	.ascii	"applet: cannot exec /bin/busybox\n"

