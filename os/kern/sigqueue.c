/*
 * Queued signals: a signal that tells more than who sent it (sigqueue's
 * value, a POSIX timer's id and overruns), and every real-time signal,
 * which Linux queues once for each time it is sent. Each waits as a
 * struct sigq on its group's list, beside the pending bit it stands
 * behind (a thread's, or the group's if every thread blocked it), and
 * is taken with that bit; a bit with no entry behind it tells what its
 * struct sigsender holds (signal.c). All under the group's lock, and
 * the thread's p->lock for one of its own. A group holds at most
 * SIGQUEUE_MAX; a timer's entry is part of the timer (ptimer.c), so its
 * signal never needs memory when it fires.
 */
#include "kern/kern.h"
#include "mm/mm.h"

/* Linux bounds them by RLIMIT_SIGPENDING, some thousands; so do we */
#define SIGQUEUE_MAX 4096

static struct slab_cache sigq_cache = SLAB_CACHE("sigq", sizeof(struct sigq));

/* A new entry for sig telling d, or NULL if g holds its most or memory
 * is out. */
struct sigq *sigq_alloc(struct tgroup *g, int sig, const struct sigdata *d)
{
	if (g->nqueued >= SIGQUEUE_MAX)
		return NULL;
	struct sigq *q = slab_alloc(&sigq_cache);
	if (q) {
		list_init(&q->link);
		q->sig = sig;
		q->d = *d;
	}
	return q;
}

/* An entry off its list, or never queued, is let go (a timer's stays
 * with its timer). */
void sigq_free(struct sigq *q)
{
	if (!q->timer)
		slab_free(&sigq_cache, q);
}

/* Queues q behind the pending bit of thread to (NULL: the group's). */
void sigq_add(struct tgroup *g, struct sigq *q, struct proc *to)
{
	q->to = to;
	list_add_tail(&q->link, &g->sigq);
	g->nqueued++;
}

static void unlink(struct tgroup *g, struct sigq *q)
{
	list_del(&q->link);
	q->to = NULL;
	g->nqueued--;
}

/* Whether q is on its group's list. */
bool sigq_queued(const struct sigq *q) { return !list_empty(&q->link); }

/*
 * Takes the oldest entry of sig behind to's bit (NULL: the group's),
 * filling in *d: -1 if there is none (*d stays), 1 if another is left
 * (the bit stays set), else 0.
 */
int sigq_take(struct tgroup *g, struct proc *to, int sig, struct sigdata *d)
{
	struct sigq *found = NULL;

	for (struct list *n = g->sigq.next; n != &g->sigq; n = n->next) {
		struct sigq *q = list_entry(n, struct sigq, link);
		if (q->to != to || q->sig != sig)
			continue;
		if (found)
			return 1;
		found = q;
		unlink(g, q);
		*d = q->d;
		if (q->timer)
			ptimer_dequeued(q->timer, d);
		sigq_free(q);
		n = &g->sigq;	/* went: look again from the start for another */
	}
	return found ? 0 : -1;
}

/* Takes q off its list (its timer is deleted): the pending bit it
 * stood behind is cleared unless another entry of its signal is behind
 * it too. Caller holds g->lock. */
void sigq_cancel(struct tgroup *g, struct sigq *q)
{
	struct proc *to = q->to;
	uint64_t bit = 1UL << (q->sig - 1);

	unlink(g, q);
	for (struct list *n = g->sigq.next; n != &g->sigq; n = n->next) {
		struct sigq *r = list_entry(n, struct sigq, link);
		if (r->to == to && r->sig == q->sig)
			return;
	}
	if (!to) {
		g->pending &= ~bit;
		return;
	}
	acquire(&to->lock);
	to->sigpending &= ~bit;
	release(&to->lock);
}

/* The group's entries of the signals in mask go behind p's bits
 * (claim_group). */
void sigq_claim(struct tgroup *g, struct proc *p, uint64_t mask)
{
	for (struct list *n = g->sigq.next; n != &g->sigq; n = n->next) {
		struct sigq *q = list_entry(n, struct sigq, link);
		if (!q->to && (mask & (1UL << (q->sig - 1))))
			q->to = p;
	}
}

/* Drops the entries of the signals in mask, or those behind thread
 * to's bits if to is not NULL (it is gone). */
void sigq_drop(struct tgroup *g, struct proc *to, uint64_t mask)
{
	struct list *n = g->sigq.next;

	while (n != &g->sigq) {
		struct sigq *q = list_entry(n, struct sigq, link);
		n = n->next;
		if (to ? q->to == to : (mask & (1UL << (q->sig - 1)))) {
			unlink(g, q);
			sigq_free(q);
		}
	}
}

/* Moves every entry of from to to (exec's de-thread: the new leader's
 * group takes the old one's place). Caller holds from's lock; no one
 * reaches to yet. */
void sigq_move(struct tgroup *from, struct tgroup *to)
{
	while (!list_empty(&from->sigq)) {
		struct sigq *q = list_entry(from->sigq.next, struct sigq, link);
		struct proc *t = q->to;
		unlink(from, q);
		sigq_add(to, q, t);
	}
}
