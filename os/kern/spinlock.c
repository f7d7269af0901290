/*
 * Spinlocks. Interrupts are off on this hart while any spinlock is held,
 * so an interrupt handler can never spin on a lock its own hart holds;
 * push_off/pop_off nest and restore the state found at the first push.
 * Every acquire checks the lock order written in kern.h.
 */
#include "kern/kern.h"

void initlock(struct spinlock *lk, const char *name, int rank)
{
	lk->locked = 0;
	lk->name = name;
	lk->cpu = NULL;
	lk->rank = rank;
	lk->lockclass = 0;
}

/* The panic of an acquire that breaks the lock order in kern.h. */
static void __attribute__((noinline)) order_broken(struct spinlock *lk, struct cpu *c)
{
	if (lk->rank < LOCK_COND || lk->rank > LOCK_LEAF)
		panic("lock %s has no rank", lk->name);
	for (int r = lk->rank; r <= LOCK_LEAF; r++)
		if (c->nheld[r])
			panic("lock order: %s (rank %d) acquired while holding a rank %d lock",
			      lk->name, lk->rank, r);
}

/* Panics unless every spinlock this hart holds ranks below lk: one test
 * of the held ranks' bits (a rank outside the order fails it too). */
static inline void check_order(struct spinlock *lk, struct cpu *c)
{
	uint32_t rank = (uint32_t)lk->rank;

	if (rank - LOCK_COND > LOCK_LEAF - LOCK_COND || (c->held_ranks >> rank))
		order_broken(lk, c);
}

/* Whether hart c holds lk. */
static inline bool held_by(const struct spinlock *lk, const struct cpu *c)
{
	return lk->locked && lk->cpu == c;
}

/* c, this hart, holds lk now / no longer. */
static inline void count_held(struct spinlock *lk, struct cpu *c)
{
	lk->cpu = c;
	if (c->nheld[lk->rank]++ == 0)
		c->held_ranks |= 1u << lk->rank;
}

static inline void count_released(struct spinlock *lk, struct cpu *c)
{
	if (--c->nheld[lk->rank] == 0)
		c->held_ranks &= ~(1u << lk->rank);
	lk->cpu = NULL;
}

/* push_off's work, for a caller that has mycpu() at hand. */
static inline struct cpu *push_off_cpu(void)
{
	int old = intr_get();

	intr_off();
	struct cpu *c = mycpu();
	if (c->noff == 0)
		c->intena = old;
	c->noff++;
	return c;
}

/* Waits for lk, held by another hart, and takes it; the rdtime ticks
 * it waited if the profiler runs (the clock is read only then). */
static uint64_t spin(struct spinlock *lk)
{
	uint64_t start = kprof_running() ? r_time() : 0;

	/* waiters read until it looks free and only then try the atomic
	 * swap, so that they do not fight the holder for the cache line */
	do
		while (lk->locked)
			;
	while (__sync_lock_test_and_set(&lk->locked, 1) != 0);
	return start ? r_time() - start : 0;
}

/* acquire() once interrupts are off and the order is checked. */
static void take(struct spinlock *lk, struct cpu *c)
{
	bool contended;
	uint64_t waited = 0;

	if (held_by(lk, c))
		panic("acquire %s: already held", lk->name);
	contended = __sync_lock_test_and_set(&lk->locked, 1) != 0;
	if (contended)
		waited = spin(lk);
	__sync_synchronize();
	count_held(lk, c);
	if (kprof_running())
		kprof_lock(lk, contended, waited);
}

void acquire(struct spinlock *lk)
{
	struct cpu *c = push_off_cpu();

	check_order(lk, c);
	take(lk, c);
}

/*
 * Two locks of one rank (futex buckets, for a requeue), or one if a is
 * b. Taken in address order, the one order among locks of a rank, so
 * two harts taking the same pair cannot wait for each other; the rank
 * is checked once, against the locks held before.
 */
void acquire_two(struct spinlock *a, struct spinlock *b)
{
	if (b < a) {
		struct spinlock *t = a;
		a = b;
		b = t;
	}
	acquire(a);
	if (b != a)
		take(b, push_off_cpu());
}

/* acquire() if lk is free now; false, holding nothing more, if not.
 * It never waits, so it cannot close a cycle: the lock order does not
 * bind it (a switch holds the old and the new process's locks). */
bool try_acquire(struct spinlock *lk)
{
	struct cpu *c = push_off_cpu();

	if (held_by(lk, c))
		panic("try_acquire %s: already held", lk->name);
	if (lk->locked || __sync_lock_test_and_set(&lk->locked, 1) != 0) {
		pop_off();
		return false;
	}
	__sync_synchronize();
	count_held(lk, c);
	return true;
}

void release(struct spinlock *lk)
{
	struct cpu *c = mycpu();

	if (!held_by(lk, c))
		panic("release %s: not held", lk->name);
	count_released(lk, c);
	__sync_synchronize();
	__sync_lock_release(&lk->locked);
	pop_off();
}

/* Interrupts must be off. */
bool holding(struct spinlock *lk)
{
	return held_by(lk, mycpu());
}

void push_off(void)
{
	push_off_cpu();
}

void pop_off(void)
{
	struct cpu *c = mycpu();

	if (intr_get())
		panic("pop_off: interruptible");
	if (c->noff < 1)
		panic("pop_off: unbalanced");
	c->noff--;
	if (c->noff > 0)
		return;
	if (c->ipi_owed)
		send_owed_ipis(c);
	if (c->intena)
		intr_on();
}
