/*
 * Traps: system calls, faults and interrupts, from user mode (usertrap,
 * entered from uservec.S) and from the kernel (kerneltrap, through
 * kernelvec.S).
 */
#include "kern/kern.h"
#include "dev/dev.h"
#include "mm/mm.h"
#include "exec/exec.h"
#include "fs/fs.h"

void uservec(void);
void userret(struct trapframe *tf) __attribute__((noreturn));
void kernelvec(void);

struct spinlock tickslock;
volatile uint64_t ticks;

static uint64_t tick_at[NCPU];	/* rdtime of each hart's next clock tick */

void trapinithart(void)
{
	csr_write(stvec, (uint64_t)kernelvec);
	csr_write(scounteren, SCOUNTEREN_TM);	/* user-mode rdtime: the vDSO's clocks */
	csr_set(sie, SIE_SEIE | SIE_STIE | SIE_SSIE);
	tick_at[cpuid()] = r_time() + bootinfo.timebase / HZ;
	timer_arm();
}

/* The next timer interrupt: the clock tick, or a profiler's sample
 * before it. */
void timer_arm(void)
{
	uint64_t at = tick_at[cpuid()], sample = kprof_due(), due = ktimer_due();

	if (sample && sample < at)
		at = sample;
	sbi_set_timer(due && due < at ? due : at);
}

/* SIGALRM to p if its setitimer ran out at *now. Caller holds tickslock. */
static int fire_alarm(struct proc *p, void *now)
{
	if (p->alarm_at && p->alarm_at <= *(uint64_t *)now) {
		p->alarm_at = p->alarm_interval ? *(uint64_t *)now + p->alarm_interval : 0;
		signal_post(p, SIGALRM);
	}
	return 0;
}

/* The tick's sample of the mode this hart was in (kvec: kernelvec's
 * frame, NULL from user mode), which splits the running process's time
 * and the hart's busy time between user and kernel (proc_times). */
static void account_tick(const uint64_t *kvec)
{
	struct cpu *c = mycpu();
	struct proc *p = c->proc;

	if (!p)
		return;
	if (kvec) {
		p->sticks++;
	} else {
		p->uticks++;
		c->stat.user_time += bootinfo.timebase / HZ;
	}
	if (p->leader->group.timers)
		ptimers_tick(p, !kvec);	/* CPU-time timers (ptimer.c) */
}

/* A timer interrupt: the profiler's sample of the code it interrupted
 * (kvec: kernelvec's frame if that was the kernel), and the clock tick
 * if one is due; true if it was. */
static bool timer_intr(const uint64_t *kvec)
{
	uint64_t now = r_time();
	bool tick = now >= tick_at[cpuid()];

	kprof_sample(now, kvec);
	ktimers_fire();
	if (tick) {
		tick_at[cpuid()] = now + bootinfo.timebase / HZ;
		account_tick(kvec);
		if (cpuid() == 0) {
			acquire(&tickslock);
			ticks++;
			proc_walk(fire_alarm, (void *)&ticks);
			wakeup((void *)&ticks);
			release(&tickslock);
			loadavg_tick(now);
		}
	}
	timer_arm();
	return tick;
}

enum { INTR_NONE, INTR_DEVICE, INTR_TIMER };

/* An interrupt's kind; kvec is kernelvec's frame, for the profiler
 * (NULL from user mode). */
static int devintr(uint64_t scause, const uint64_t *kvec)
{
	if (!(scause & SCAUSE_INTR))
		return INTR_NONE;
	switch (scause & ~SCAUSE_INTR) {
	case IRQ_S_EXT: {
		int irq = plic_claim();
		if (irq == (int)bootinfo.uart_irq)
			uartintr();
		else if (irq && virtio_blk_intr(irq))
			;
		else if (irq)
			klog("unexpected interrupt irq=%d", irq);
		if (irq)
			plic_complete(irq);
		return INTR_DEVICE;
	}
	case IRQ_S_TIMER:
		return timer_intr(kvec) ? INTR_TIMER : INTR_DEVICE;
	case IRQ_S_SOFT:
		csr_clear(sip, 1UL << IRQ_S_SOFT);	/* an IPI: wake, */
		tlb_answer();	/* and flush if a shootdown asked */
		return INTR_DEVICE;
	}
	return INTR_NONE;
}

/* The signal a user-mode exception raises. */
static int fault_signal(uint64_t scause)
{
	switch (scause) {
	case EXC_ILLEGAL_INST:
		return SIGILL;
	case EXC_BREAKPOINT:
		return SIGTRAP;
	case EXC_INST_MISALIGNED:
	case EXC_LOAD_MISALIGNED:
	case EXC_STORE_MISALIGNED:
		return SIGBUS;
	default:
		return SIGSEGV;
	}
}

/* A page fault that mapping a page answers (user_fault): the permission
 * the access needs, or 0 for a trap that is not a page fault. */
static int fault_need(uint64_t scause)
{
	switch (scause) {
	case EXC_LOAD_PAGE_FAULT:
		return PTE_R;
	case EXC_STORE_PAGE_FAULT:
		return PTE_W;
	case EXC_INST_PAGE_FAULT:
		return PTE_X;
	}
	return 0;
}

/* The signal for a user-mode exception that no page could answer: a
 * page that should exist but could not be made ends the program as on
 * Linux, SIGBUS for a file that cannot be read, SIGKILL out of memory. */
static int unanswered_fault(struct proc *p, uint64_t scause, uint64_t addr)
{
	int need = fault_need(scause), err = need ? user_fault(p, addr, need) : -EFAULT;

	if (err == 0)
		return 0;
	return err == -EIO ? SIGBUS : err == -ENOMEM ? SIGKILL : fault_signal(scause);
}

/* A trap from user mode other than a system call: an interrupt or an
 * exception; true if it was the clock tick. Kept out of usertrap, whose
 * system calls then need few registers saved. */
static __attribute__((noinline)) bool user_intr_or_fault(struct proc *p, uint64_t scause)
{
	int intr = devintr(scause, NULL), sig;

	if (intr == INTR_NONE && (sig = unanswered_fault(p, scause, csr_read(stval))) != 0) {
		klog("pid %d (%s): fault scause=%lu sepc=%p stval=%p", p->pid, p->name,
		     scause, (void *)p->trapframe->epc, (void *)csr_read(stval));
		signal_fault(sig, csr_read(stval));
	}
	return intr == INTR_TIMER;
}

/* From uservec, on p's kernel stack, p's registers in its trapframe. */
void usertrap(struct proc *p)
{
	struct trapframe *tf = p->trapframe;
	uint64_t sstatus = csr_read(sstatus);

	if (sstatus & SSTATUS_SPP)
		panic("usertrap: not from user mode");
	csr_write(stvec, (uint64_t)kernelvec);
	uint64_t epc = csr_read(sepc), scause = csr_read(scause);
	/* the hart's f registers stay p's too (fpu_load) */
	if ((sstatus & SSTATUS_FS) == SSTATUS_FS_DIRTY)
		fpu_save(tf->fregs);

	bool tick = false;
	p->restart = false;	/* only the call of this trap may be restarted */
	if (scause == EXC_ECALL_U) {
		tf->epc = epc + 4;
		intr_on();
		syscall(p);
		if (p->nborrowed)	/* a thread's files looked at (fs/file.c) */
			fd_unborrow(p);
	} else {
		tf->epc = epc;
		tick = user_intr_or_fault(p, scause);
	}
	if (tick || must_move(p))
		yield();
	usertrapret(p);
}

/*
 * Loads p's f registers and fcsr into this hart's FPU. Out of line: the
 * common return needs none (fpu_load). Interrupts off; sstatus.FS is on
 * (fld marks it dirty).
 */
static __attribute__((noinline)) void fpu_reload(struct proc *p)
{
	fpu_restore(p->trapframe->fregs);
	mycpu()->fpu = p;
	p->fpu_cpu = cpuid();
	csr_clear(sstatus, SSTATUS_FS);
	csr_set(sstatus, SSTATUS_FS_CLEAN);
}

/*
 * Loads p's f registers into this hart's FPU unless it holds them
 * already: it loaded them for p last (no other process has run user
 * code here since: the kernel is built without F), p has not run on
 * another hart since, and the kernel has not written p's saved copy
 * (fpu_forget). A trap saves them whenever user code dirtied them.
 */
static inline void fpu_load(struct proc *p)
{
	if (p->fpu_cpu != cpuid() || mycpu()->fpu != p)
		fpu_reload(p);
}

/* p's saved f registers changed (a new process, exec, sigreturn): no
 * hart's FPU holds them now. */
void fpu_forget(struct proc *p) { p->fpu_cpu = -1; }

/* Returns to user space with the registers in p->trapframe; p is the
 * caller, myproc(). The hart's satp is p's already: run() and exec set
 * it. */
void usertrapret(struct proc *p)
{
	struct trapframe *tf = p->trapframe;

	if (*(volatile int *)&p->core_req == CORE_ASKED)
		coredump_serve(p);	/* a live dump: the registers are all in tf */
	/* a glance without the lock (a signal posted meanwhile waits for
	 * the next return; a stop of the group marks every thread with
	 * SIGSTOP: jobctl.c) */
	if (*(volatile uint64_t *)&p->sigpending)
		signal_deliver();
	intr_off();
	csr_write(stvec, (uint64_t)uservec);
	/* tf's kernel_sp, kernel_hartid and proc are set when p gets a
	 * hart (sched.c) */

	/* read, changed and written whole: UXL = 0 or 3 on the way from
	 * one XLEN to the other (a csrc then a csrs) is not kept */
	uint64_t sstatus = csr_read(sstatus);
	sstatus &= ~(SSTATUS_SPP | SSTATUS_FS | SSTATUS_UXL);
	sstatus |= SSTATUS_SPIE | SSTATUS_FS_CLEAN;
	/* each process its own XLEN: a 32-bit program runs with UXL = 1 */
	sstatus |= p->is32 ? SSTATUS_UXL_32 : SSTATUS_UXL_64;
	csr_write(sstatus, sstatus);
	fpu_load(p);
	csr_write(sepc, tf->epc);

	userret(tf);
}

void kerneltrap(void)
{
	uint64_t sepc = csr_read(sepc), sstatus = csr_read(sstatus);
	uint64_t scause = csr_read(scause);

	if (!(sstatus & SSTATUS_SPP))
		panic("kerneltrap: not from supervisor mode");
	if (intr_get())
		panic("kerneltrap: interrupts enabled");
	/* our frame pointer is the sp kernelvec saved the registers at */
	int intr = devintr(scause, __builtin_frame_address(0));
	if (intr == INTR_NONE)
		panic("kernel trap scause=%lu sepc=%p stval=%p", scause,
		      (void *)sepc, (void *)csr_read(stval));
	struct proc *p = myproc();
	if (p && p->state == RUNNING && (intr == INTR_TIMER || must_move(p)))
		yield();
	/* yield() may have run other traps: restore ours for sret */
	csr_write(sepc, sepc);
	csr_write(sstatus, sstatus);
}
