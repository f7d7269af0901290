/*
 * The sampling profiler. While it runs, each hart's timer fires hz times
 * a second as well as at its clock ticks (trap.c arms the earlier of
 * the two), and the interrupt records where the hart was: the pc, user
 * or kernel, the process, and in the kernel the callers the frame
 * pointers lead to. It runs in the interrupt, so it takes no lock and
 * writes only its own hart's buffer; when off, its whole cost is one
 * load in kprof_due() and kprof_sample(). While it runs, acquire()
 * also counts each spinlock's acquisitions and waits, by the lock's
 * name, in its hart's own counters. kprof(2), ours, starts, stops and
 * reads it; tools/kprof names the addresses on the host.
 */
#include "kern/kern.h"
#include "kern/syscall.h"
#include "mm/mm.h"

#define KPROF_PAGES 128	/* a hart's buffer: 4096 samples, 4 s at 1000 Hz */
#define PER_PAGE (PGSIZE / sizeof(struct kprof_sample))
#define CAPACITY (KPROF_PAGES * PER_PAGE)

volatile int kprof_state;	/* KP_*: SETUP is kprof_start's alone */
static uint64_t hz, period;	/* period: rdtime ticks between samples */

/* A hart's samples. Its pages are allocated at the first start and kept,
 * so that a sampler still finishing a sample after a stop never writes
 * to a freed page. While running only its hart writes it. */
static struct hartbuf {
	struct kprof_sample *page[KPROF_PAGES];
	volatile uint64_t count;	/* samples written; published after each */
	uint64_t dropped;
	uint64_t next;			/* rdtime at which the next sample is due */
	uint64_t seed;			/* jittered()'s state, never 0 */
} bufs[NCPU];

/* Lock names, each claimed once for good (a lock's lockclass is its
 * index + 1), and each hart's counters for them; the last class takes
 * every name past the others. */
#define NLOCKCLASS 32
static const char *volatile lockname[NLOCKCLASS];
static struct lockcount {
	uint64_t acquires, contended, wait_ticks;
} lockcounts[NCPU][NLOCKCLASS];

extern char boot_stacks[];

/* When this hart's next sample is due, 0 if the profiler is off. */
uint64_t kprof_due(void)
{
	return kprof_state == KP_ON ? bufs[cpuid()].next : 0;
}

/* The kernel stack this function runs on, which the interrupted code
 * ran on too: a process's, or the hart's boot stack (its scheduler's). */
static bool this_stack(uint64_t *lo, uint64_t *hi)
{
	uint64_t here = (uint64_t)__builtin_frame_address(0);
	struct proc *p = myproc();

	if (p && here >= p->kstack && here < p->kstack + KSTACK_PAGES * PGSIZE) {
		*lo = p->kstack;
		*hi = p->kstack + KSTACK_PAGES * PGSIZE;
		return true;
	}
	*lo = (uint64_t)boot_stacks + (uint64_t)cpuid() * BOOT_STACK;
	*hi = *lo + BOOT_STACK;
	return here >= *lo && here < *hi;
}

/*
 * The return addresses of the frames from the interrupted code's fp up.
 * A RISC-V frame record has ra at fp - 8 and the caller's fp at fp - 16,
 * but GCC's leaf functions save only the caller's fp, at fp - 8, and
 * keep ra in its register: an address on this stack there marks one.
 * Each frame is checked to lie on this stack above the last, so a bad
 * fp ends the walk instead of faulting; it ends too at the trap from
 * user mode, whose record holds the user's ra.
 */
static void walk_frames(struct kprof_sample *s, uint64_t fp, uint64_t ra)
{
	uint64_t lo, hi;
	int d = 0;

	if (!this_stack(&lo, &hi) || fp < lo + 16 || fp > hi || fp % 8)
		return;
	uint64_t up = ((const uint64_t *)fp)[-1];
	if (up > fp && up <= hi) {
		s->chain[d++] = ra;
		fp = up;
	}
	for (; d < KPROF_DEPTH; d++) {
		if (fp < lo + 16 || fp > hi || fp % 8)
			return;
		const uint64_t *f = (const uint64_t *)fp;
		if (f[-1] < KERNEL_OFFSET)
			return;
		s->chain[d] = f[-1];
		if (f[-2] <= fp)
			return;
		fp = f[-2];
	}
}

/* kvec: kernelvec's frame (NULL from user mode), which holds the
 * interrupted code's ra at 0, just above kerneltrap's frame record,
 * which holds its fp at -16 (kernelvec leaves s0 alone). */
static void fill(struct kprof_sample *s, const uint64_t *kvec)
{
	struct proc *p = myproc();

	memset(s, 0, sizeof(*s));
	s->pc = csr_read(sepc);
	s->user = !(csr_read(sstatus) & SSTATUS_SPP);
	s->hart = cpuid();
	if (p) {
		s->pid = p->pid;
		memcpy(s->name, p->name, sizeof(s->name) - 1);
	}
	if (kvec)
		walk_frames(s, kvec[-2], kvec[0]);
}

/* The time to the next sample: the period on average, drawn from
 * [period / 2, period * 3 / 2). A fixed period samples a loop whose
 * length divides it at the same few places every time (under -icount
 * a read loop's copy showed as 20% or 37% of the samples from one
 * boot to another). xorshift64, seeded by the hart's start time. */
static uint64_t jittered(struct hartbuf *b)
{
	uint64_t x = b->seed;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	b->seed = x;
	return period / 2 + x % (period ? period : 1);
}

/*
 * From the timer interrupt, interrupts off: a sample of the code it
 * interrupted, if one is due; sepc and sstatus still describe it.
 */
void kprof_sample(uint64_t now, const uint64_t *kvec)
{
	struct hartbuf *b = &bufs[cpuid()];

	if (kprof_state != KP_ON || now < b->next)
		return;
	b->next = now + jittered(b);
	uint64_t i = b->count;
	if (i >= CAPACITY || !b->page[i / PER_PAGE]) {
		b->dropped++;
		return;
	}
	fill(&b->page[i / PER_PAGE][i % PER_PAGE], kvec);
	__sync_synchronize();
	b->count = i + 1;
}

/* The class of lock name: the slot holding it, claimed without a lock
 * (acquire() calls this) by a compare-and-swap on a free slot. */
static int lock_class(const char *name)
{
	for (int i = 0; i < NLOCKCLASS - 1; i++) {
		const char *n = lockname[i];
		if (!n && __sync_bool_compare_and_swap(&lockname[i], NULL, name))
			return i;
		n = lockname[i];
		if (n == name || strcmp(n, name) == 0)
			return i;
	}
	lockname[NLOCKCLASS - 1] = "(other)";
	return NLOCKCLASS - 1;
}

/* From acquire(), lk held, while the profiler runs. */
void kprof_lock(struct spinlock *lk, bool contended, uint64_t waited)
{
	if (!lk->lockclass)
		lk->lockclass = lock_class(lk->name) + 1;
	struct lockcount *c = &lockcounts[cpuid()][lk->lockclass - 1];
	c->acquires++;
	c->contended += contended;
	c->wait_ticks += waited;
}

/* Pages for every running hart's buffer not yet allocated. */
static int alloc_buffers(void)
{
	for (int c = 0; c < harts_running(); c++)
		for (int i = 0; i < KPROF_PAGES; i++)
			if (!bufs[c].page[i] && !(bufs[c].page[i] = kalloc()))
				return -ENOMEM;
	return 0;
}

static int kprof_start(uint64_t rate)
{
	if (rate < 1 || rate > KPROF_MAX_HZ)
		return -EINVAL;
	if (!__sync_bool_compare_and_swap(&kprof_state, KP_OFF, KP_SETUP))
		return -EBUSY;
	int err = alloc_buffers();
	if (err) {
		kprof_state = KP_OFF;
		return err;
	}
	hz = rate;
	period = bootinfo.timebase / rate;
	uint64_t now = r_time();
	for (int c = 0; c < NCPU; c++) {
		bufs[c].count = bufs[c].dropped = 0;
		bufs[c].next = now;
		bufs[c].seed = (now * 2654435761u + (uint64_t)c) | 1;
	}
	memset(lockcounts, 0, sizeof(lockcounts));
	__sync_synchronize();
	kprof_state = KP_ON;
	/* this hart samples from now on; the others from their next clock
	 * tick, at most 1/HZ later (a run shorter than a tick on one hart,
	 * as under -icount, got no samples before) */
	push_off();
	timer_arm();
	pop_off();
	return 0;
}

/* Samples from number first on, hart after hart, into the user's buf. */
static int64_t kprof_read(uint64_t first, uint64_t buf, uint64_t size)
{
	struct proc *p = myproc();
	uint64_t done = 0;

	if (kprof_state != KP_OFF)
		return -EBUSY;
	for (int c = 0; c < NCPU && done + sizeof(struct kprof_sample) <= size; c++) {
		uint64_t n = bufs[c].count;
		for (uint64_t i = first < n ? first : n; i < n; i++) {
			if (done + sizeof(struct kprof_sample) > size)
				break;
			if (copyout(p->pagetable, buf + done, &bufs[c].page[i / PER_PAGE][i % PER_PAGE],
				    sizeof(struct kprof_sample)) < 0)
				return -EFAULT;
			done += sizeof(struct kprof_sample);
		}
		first = first > n ? first - n : 0;
	}
	return done;
}

static int kprof_stat(uint64_t buf)
{
	struct kprof_stat st = { .running = kprof_state == KP_ON, .hz = hz, .capacity = CAPACITY,
				 .timebase = bootinfo.timebase };

	for (int c = 0; c < NCPU; c++) {
		st.samples += bufs[c].count;
		st.dropped += bufs[c].dropped;
	}
	return copyout(myproc()->pagetable, buf, &st, sizeof(st)) < 0 ? -EFAULT : 0;
}

/* The counters of each lock name acquired since the start, summed over
 * the harts, into the user's buf. */
static int64_t kprof_locks(uint64_t buf, uint64_t size)
{
	struct proc *p = myproc();
	uint64_t done = 0;

	if (kprof_state != KP_OFF)
		return -EBUSY;
	for (int i = 0; i < NLOCKCLASS && lockname[i]; i++) {
		struct kprof_lockstat st = { .acquires = 0 };
		strlcpy(st.name, lockname[i], sizeof(st.name));
		for (int c = 0; c < NCPU; c++) {
			st.acquires += lockcounts[c][i].acquires;
			st.contended += lockcounts[c][i].contended;
			st.wait_ticks += lockcounts[c][i].wait_ticks;
		}
		if (!st.acquires)
			continue;
		if (done + sizeof(st) > size)
			break;
		if (copyout(p->pagetable, buf + done, &st, sizeof(st)) < 0)
			return -EFAULT;
		done += sizeof(st);
	}
	return done;
}

/* kprof(op, arg, buf, size), a call of ours: the KPROF_* operations. */
uint64_t sys_kprof(void)
{
	switch (argraw(0)) {
	case KPROF_START:
		return kprof_start(argraw(1));
	case KPROF_STOP:
		return __sync_bool_compare_and_swap(&kprof_state, KP_ON, KP_OFF) ? 0 : -EINVAL;
	case KPROF_READ:
		return kprof_read(argraw(1), argraw(2), argraw(3));
	case KPROF_STAT:
		return kprof_stat(argraw(2));
	case KPROF_LOCKS:
		return kprof_locks(argraw(2), argraw(3));
	}
	return -EINVAL;
}
