/*
 * Deadlines of sleeping processes (sleep_timed in sched.c): a list kept
 * in deadline order, fired by the timer interrupt of any hart. A hart
 * that adds the earliest deadline arms its own timer for it, so a sleep
 * ends at its deadline, not at the next clock tick.
 */
#include "kern/kern.h"
#include "dev/dev.h"
#include "vdso/vdso.h"

static struct {
	struct spinlock lock;
	struct list armed;	/* struct ktimer, earliest first */
	volatile uint64_t next;	/* the first one's deadline, ns; 0: none */
} timers;

void timer_init(void)
{
	initlock(&timers.lock, "timers", LOCK_TIMER);
	list_init(&timers.armed);
}

static void set_next(void)
{
	timers.next = list_empty(&timers.armed) ? 0 :
		list_entry(timers.armed.next, struct ktimer, link)->deadline;
}

/* Puts t in deadline order; whether it is the first. Under timers.lock. */
static bool insert(struct ktimer *t)
{
	struct list *n;

	t->fired = false;
	for (n = timers.armed.next; n != &timers.armed; n = n->next)
		if (list_entry(n, struct ktimer, link)->deadline > t->deadline)
			break;
	list_add_tail(&t->link, n);	/* before the first later one */
	set_next();
	return timers.armed.next == &t->link;
}

/* Arms t again from its fn, for a deadline past the one it fired at
 * (the interrupt that runs fn sets the hart's timer once it is done). */
void ktimer_rearm(struct ktimer *t)
{
	insert(t);
}

/* Arms t; its deadline is in monotonic ns. */
void ktimer_add(struct ktimer *t)
{
	acquire(&timers.lock);
	bool first = insert(t);
	release(&timers.lock);
	if (first) {
		push_off();
		timer_arm();
		pop_off();
	}
}

/* Disarms t, fired or not: once this returns, the tick no longer looks at it. */
void ktimer_del(struct ktimer *t)
{
	acquire(&timers.lock);
	if (!t->fired)
		list_del(&t->link);
	set_next();
	release(&timers.lock);
}

/* The rdtime value at which the earliest deadline passes; 0: none. */
uint64_t ktimer_due(void)
{
	uint64_t next = timers.next, now_ns, now;

	if (!next)
		return 0;
	now_ns = monotonic_ns();
	now = r_time();
	if (next <= now_ns)
		return now;
	uint64_t left = next - now_ns;	/* a sleep of years is armed at the tick */
	if (left > NSEC_PER_SEC)
		return now + bootinfo.timebase;
	return now + (left * bootinfo.timebase + NSEC_PER_SEC - 1) / NSEC_PER_SEC;
}

/*
 * From a timer interrupt: wakes the sleepers whose deadlines have passed.
 * fired is set before the wake, under the lock ktimer_del takes, and
 * sleep_timed looks at it with its wait channel's bucket locked, so a
 * sleeper about to sleep either sees it or is woken.
 */
void ktimers_fire(void)
{
	uint64_t now;

	if (!timers.next || timers.next > (now = monotonic_ns()))
		return;
	acquire(&timers.lock);
	while (!list_empty(&timers.armed)) {
		struct ktimer *t = list_entry(timers.armed.next, struct ktimer, link);
		if (t->deadline > now)
			break;
		list_del(&t->link);
		t->fired = true;
		if (t->fn) {
			t->fn(t, now);
			continue;
		}
		__sync_synchronize();	/* then wakeup_proc reads p's state */
		wakeup_proc(t->p, t->chan, false);
	}
	set_next();
	release(&timers.lock);
}
