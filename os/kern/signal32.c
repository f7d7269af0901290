/*
 * The signal frame of a 32-bit process, as Linux rv32 lays out its
 * rt_sigframe: siginfo with 4-byte pointers (si_addr at 12), then a
 * ucontext whose longs and pointers are 4 bytes, whose sigset is two
 * 4-byte words, and whose registers (pc, x1..x31) are 4 bytes each; the
 * D-extension state is the same as rv64's. signal.c calls here when
 * p->is32; the rest of signal handling is shared.
 */
#include "kern/kern.h"
#include "mm/mm.h"

struct ksiginfo32 {
	int32_t si_signo, si_errno, si_code;
	uint32_t si_addr;		/* fault address (or pid) */
	uint8_t rest[128 - 16];
};
struct kucontext32 {
	uint32_t uc_flags, uc_link;
	uint32_t ss_sp;
	int32_t ss_flags;
	uint32_t ss_size;
	uint32_t uc_sigmask[2];
	uint8_t unused[128 - 8];
	uint32_t pad16[3];		/* uc_mcontext is 16-byte aligned */
	uint32_t sc_regs[32];		/* pc, x1..x31 */
	uint64_t sc_fregs[32];
	uint32_t sc_fcsr, sc_fpad[3];
	uint8_t sc_fq_rest[528 - 272];	/* the Q-extension room of the union */
};
struct rt_sigframe32 {
	struct ksiginfo32 info;
	struct kucontext32 uc;
};
_Static_assert(offsetof(struct kucontext32, sc_regs) == 160, "rv32 uc_mcontext");
_Static_assert(sizeof(struct rt_sigframe32) == 128 + 816, "rv32 rt_sigframe");

/* The bytes the frame takes on the stack (sigframe_size). */
uint64_t sigframe32_size(void)
{
	return (sizeof(struct rt_sigframe32) + 15) & ~15UL;
}

/* Builds the frame below top (the stack pointer, or the alternate
 * stack's top); the new sp, or 0 if the stack cannot hold it. a1 and a2
 * get the addresses of info and uc. */
uint64_t sigframe32_push(struct proc *p, int sig, uint64_t fault_addr, uint64_t top,
			 uint64_t mask)
{
	struct trapframe *tf = p->trapframe;
	struct rt_sigframe32 *fr = kzalloc();

	if (!fr)
		return 0;
	fr->info.si_signo = sig;
	fr->info.si_addr = fault_addr;
	fr->uc.uc_sigmask[0] = mask;
	fr->uc.uc_sigmask[1] = mask >> 32;
	fr->uc.ss_sp = p->altstack.sp;
	fr->uc.ss_flags = altstack_flags(p);
	fr->uc.ss_size = p->altstack.size;
	fr->uc.sc_regs[0] = tf->epc;
	for (int i = 1; i < 32; i++)
		fr->uc.sc_regs[i] = tf->regs[i];
	memcpy(fr->uc.sc_fregs, tf->fregs, sizeof(fr->uc.sc_fregs));
	fr->uc.sc_fcsr = tf->fcsr;
	uint64_t sp = ((uint32_t)top - sizeof(*fr)) & ~15UL;
	bool ok = copyout(p->pagetable, sp, fr, sizeof(*fr)) == 0;
	kfree(fr);
	if (!ok)
		return 0;
	tf->regs[REG_A0 + 1] = sp + offsetof(struct rt_sigframe32, info);
	tf->regs[REG_A0 + 2] = sp + offsetof(struct rt_sigframe32, uc);
	return sp;
}

/* rt_sigreturn's half: the registers and mask from the frame at sp; the
 * mask in *mask; -EFAULT if the frame cannot be read. */
int sigframe32_pop(struct proc *p, uint64_t *mask)
{
	struct trapframe *tf = p->trapframe;
	struct kucontext32 *uc = kalloc();
	uint64_t at = (uint32_t)tf->regs[REG_SP] + offsetof(struct rt_sigframe32, uc);

	if (!uc)
		return -ENOMEM;
	if (copyin(p->pagetable, uc, at, sizeof(*uc)) < 0) {
		kfree(uc);
		return -EFAULT;
	}
	tf->epc = uc->sc_regs[0];
	for (int i = 1; i < 32; i++)
		tf->regs[i] = uc->sc_regs[i];
	memcpy(tf->fregs, uc->sc_fregs, sizeof(tf->fregs));
	tf->fcsr = uc->sc_fcsr;
	fpu_forget(p);
	*mask = uc->uc_sigmask[0] | (uint64_t)uc->uc_sigmask[1] << 32;
	kfree(uc);
	return 0;
}
