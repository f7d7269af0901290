/*
 * futex(2): sleeping on a 32-bit word of user memory until another
 * thread or process wakes it. Waiters wait in a hash table of buckets,
 * each keyed as Linux keys them: a private futex by its address space
 * and virtual address, a shared one (a MAP_SHARED page, futex calls
 * without FUTEX_PRIVATE_FLAG) by the page itself, so that two processes
 * mapping the page at different addresses meet. A waiter checks the
 * word under its bucket's lock, and a waker changes the word before it
 * takes that lock: no wake falls between the check and the sleep.
 *
 * Differences from Linux: PI futexes are ENOSYS (logged once); a signal
 * always ends a wait with EINTR (Linux restarts one after an
 * SA_RESTART handler); an
 * absolute CLOCK_REALTIME deadline is turned into a monotonic one when
 * the wait starts, so a change of the wall clock does not move it.
 */
#include "kern/kern.h"
#include "dev/dev.h"
#include "mm/mm.h"
#include "kern/syscall.h"
#include "uapi/linux/futex.h"
#include "uapi/linux/time.h"

/* Which futex: a private one's address space and address; a shared
 * one's page (space 0) and the word's kernel address. */
struct futex_key {
	uint64_t space, addr;
};

struct bucket {
	struct spinlock lock;
	struct list waiters;	/* struct waiter */
};

/* A sleeping futex_wait, on its own stack; its bucket's lock guards it. */
struct waiter {
	struct list link;	/* in b's waiters */
	struct bucket *b;	/* which, changed by a requeue (under both locks) */
	struct futex_key key;
	uint32_t bitset;
	struct proc *p;
	bool woken;		/* a waker took it off the list */
};

#define NBUCKETS 256
static struct bucket buckets[NBUCKETS];

void futex_init(void)
{
	for (int i = 0; i < NBUCKETS; i++) {
		initlock(&buckets[i].lock, "futex", LOCK_COND);
		list_init(&buckets[i].waiters);
	}
}

static struct bucket *bucket_of(const struct futex_key *k)
{
	uint64_t h = (k->space ^ (k->addr >> 2)) * 0x9e3779b97f4a7c15ULL;

	return &buckets[h >> 56];
}

static bool key_eq(const struct futex_key *a, const struct futex_key *b)
{
	return a->space == b->space && a->addr == b->addr;
}

/*
 * The key of the word at uaddr, and (if word) the word itself, its page
 * held until futex_put. A shared futex must be mapped; a private one
 * only when its word is wanted (Linux wakes an unmapped private address
 * as a futex without waiters). write: the word is changed (WAKE_OP).
 */
static int futex_get(uint64_t uaddr, bool private, bool write, struct futex_key *k,
		     uint32_t **word)
{
	struct proc *p = myproc();
	uint32_t *w = NULL;

	if (uaddr % sizeof(uint32_t))
		return -EINVAL;
	*k = (struct futex_key){ (uint64_t)p->mm, uaddr };
	if (private && !word)
		return 0;
	if (!(w = user_ptr(p->pagetable, uaddr, sizeof(*w), write)))
		return -EFAULT;
	if (!private && (*walk(p->pagetable, uaddr, false) & PTE_SHARED))
		*k = (struct futex_key){ 0, (uint64_t)w };
	if (word) {
		kref((void *)PGROUNDDOWN((uint64_t)w));	/* not freed while read */
		*word = w;
	}
	return 0;
}

static void futex_put(uint32_t *word)
{
	kfree((void *)PGROUNDDOWN((uint64_t)word));
}

static void wake_one(struct waiter *w)
{
	list_del(&w->link);
	w->woken = true;
	wakeup_proc(w->p, w, false);
}

/* Wakes up to n waiters of k in b whose bitsets meet bitset, the first
 * even if n is 0 or less, as Linux's; how many. */
static int wake_in(struct bucket *b, const struct futex_key *k, int n, uint32_t bitset)
{
	struct list *l, *next;
	int woken = 0;

	for (l = b->waiters.next; l != &b->waiters; l = next) {
		struct waiter *w = list_entry(l, struct waiter, link);
		next = l->next;
		if (!key_eq(&w->key, k) || !(w->bitset & bitset))
			continue;
		wake_one(w);
		if (++woken >= n)
			break;
	}
	return woken;
}

/* Wakes the first nwake waiters of k1 in b1 and moves the next nmove
 * to k2 in b2 (both locked); how many in all. */
static int requeue_in(struct bucket *b1, const struct futex_key *k1, struct bucket *b2,
		      const struct futex_key *k2, int nwake, int nmove)
{
	struct list *l, *next;
	int count = 0;

	for (l = b1->waiters.next; l != &b1->waiters && count - nwake < nmove; l = next) {
		struct waiter *w = list_entry(l, struct waiter, link);
		next = l->next;
		if (!key_eq(&w->key, k1))
			continue;
		if (++count <= nwake) {
			wake_one(w);
			continue;
		}
		list_del(&w->link);
		list_add_tail(&w->link, &b2->waiters);
		w->key = *k2;
		w->b = b2;
	}
	return count;
}

/* Locks w's bucket, b's lock held: a requeue may have moved w. */
static struct bucket *relock(struct waiter *w, struct bucket *b)
{
	while (w->b != b) {
		release(&b->lock);
		b = *(struct bucket *volatile *)&w->b;
		acquire(&b->lock);
	}
	return b;
}

/* FUTEX_WAIT(_BITSET): sleeps while *uaddr is val, until woken, the
 * deadline (monotonic ns, 0: none) or a signal. */
static int futex_wait(uint64_t uaddr, bool private, uint32_t val, uint64_t deadline,
		      uint32_t bitset)
{
	struct waiter w = { .bitset = bitset, .p = myproc() };
	uint32_t *word;
	int err;

	if (!bitset)
		return -EINVAL;
	if ((err = futex_get(uaddr, private, false, &w.key, &word)) < 0)
		return err;
	struct bucket *b = w.b = bucket_of(&w.key);
	acquire(&b->lock);
	if (__atomic_load_n(word, __ATOMIC_SEQ_CST) != val) {
		release(&b->lock);
		futex_put(word);
		return -EAGAIN;
	}
	futex_put(word);
	list_add_tail(&w.link, &b->waiters);
	do {
		err = sleep_timed(&w, &b->lock, deadline, true);
		b = relock(&w, b);
	} while (!w.woken && err == 0);
	if (w.woken)
		err = 0;	/* a wake that came with a signal or the deadline counts */
	else
		list_del(&w.link);
	release(&b->lock);
	return err;
}

static int futex_wake(uint64_t uaddr, bool private, int n, uint32_t bitset)
{
	struct futex_key k;
	int err, woken;

	if (!bitset)
		return -EINVAL;
	if ((err = futex_get(uaddr, private, false, &k, NULL)) < 0)
		return err;
	struct bucket *b = bucket_of(&k);
	if (list_empty(&b->waiters))	/* a glance: an unlock with no one waiting */
		return 0;
	acquire(&b->lock);
	woken = wake_in(b, &k, n, bitset);
	release(&b->lock);
	return woken;
}

/* FUTEX_(CMP_)REQUEUE: wakes up to nwake waiters of uaddr and moves up
 * to nmove of the rest to uaddr2; cmp (CMP_REQUEUE) first checks that
 * *uaddr is still *cmp. How many were woken and moved. */
static int futex_requeue(uint64_t uaddr, uint64_t uaddr2, bool private, int nwake,
			 int nmove, const uint32_t *cmp)
{
	struct futex_key k1, k2;
	uint32_t *word = NULL;
	int err;

	if (nwake < 0 || nmove < 0)
		return -EINVAL;
	if ((err = futex_get(uaddr, private, false, &k1, cmp ? &word : NULL)) < 0)
		return err;
	if ((err = futex_get(uaddr2, private, false, &k2, NULL)) < 0)
		goto out;
	struct bucket *b1 = bucket_of(&k1), *b2 = bucket_of(&k2);
	acquire_two(&b1->lock, &b2->lock);
	if (cmp && __atomic_load_n(word, __ATOMIC_SEQ_CST) != *cmp)
		err = -EAGAIN;
	else
		err = requeue_in(b1, &k1, b2, &k2, nwake, nmove);
	release(&b1->lock);
	if (b2 != b1)
		release(&b2->lock);
out:
	if (word)
		futex_put(word);
	return err;
}

/* FUTEX_WAKE_OP's change of *word (old value in *old); -ENOSYS for an
 * unknown operation. */
static int wake_op_apply(uint32_t *word, uint32_t encoded, uint32_t *old)
{
	int op = (encoded >> 28) & 7, oparg = (int32_t)(encoded << 8) >> 20;
	uint32_t cur = __atomic_load_n(word, __ATOMIC_RELAXED), new;

	if (encoded & (FUTEX_OP_OPARG_SHIFT << 28))
		oparg = 1 << (oparg & 31);
	do {
		switch (op) {
		case FUTEX_OP_SET: new = oparg; break;
		case FUTEX_OP_ADD: new = cur + oparg; break;
		case FUTEX_OP_OR: new = cur | oparg; break;
		case FUTEX_OP_ANDN: new = cur & ~oparg; break;
		case FUTEX_OP_XOR: new = cur ^ oparg; break;
		default: return -ENOSYS;
		}
	} while (!__atomic_compare_exchange_n(word, &cur, new, true, __ATOMIC_SEQ_CST,
					      __ATOMIC_RELAXED));
	*old = cur;
	return 0;
}

/* FUTEX_WAKE_OP's comparison of the old value; -ENOSYS for an unknown one. */
static int wake_op_cmp(uint32_t encoded, uint32_t old)
{
	int cmparg = (int32_t)(encoded << 20) >> 20, v = (int)old;

	switch ((encoded >> 24) & 15) {
	case FUTEX_OP_CMP_EQ: return v == cmparg;
	case FUTEX_OP_CMP_NE: return v != cmparg;
	case FUTEX_OP_CMP_LT: return v < cmparg;
	case FUTEX_OP_CMP_LE: return v <= cmparg;
	case FUTEX_OP_CMP_GT: return v > cmparg;
	case FUTEX_OP_CMP_GE: return v >= cmparg;
	default: return -ENOSYS;
	}
}

/* FUTEX_WAKE_OP: changes *uaddr2, wakes up to n of uaddr, and up to n2
 * of uaddr2 if the old value of *uaddr2 passes the comparison. */
static int futex_wake_op(uint64_t uaddr, uint64_t uaddr2, bool private, int n, int n2,
			 uint32_t encoded)
{
	struct futex_key k1, k2;
	uint32_t *word2, old;
	int err, cmp;

	if ((err = futex_get(uaddr, private, false, &k1, NULL)) < 0)
		return err;
	if ((err = futex_get(uaddr2, private, true, &k2, &word2)) < 0)
		return err;
	struct bucket *b1 = bucket_of(&k1), *b2 = bucket_of(&k2);
	acquire_two(&b1->lock, &b2->lock);
	if ((err = wake_op_apply(word2, encoded, &old)) == 0 &&
	    (err = cmp = wake_op_cmp(encoded, old)) >= 0) {
		err = wake_in(b1, &k1, n, FUTEX_BITSET_MATCH_ANY);
		if (cmp)
			err += wake_in(b2, &k2, n2, FUTEX_BITSET_MATCH_ANY);
	}
	release(&b1->lock);
	if (b2 != b1)
		release(&b2->lock);
	futex_put(word2);
	return err;
}

/* A wait's deadline in monotonic ns from its timeout argument: FUTEX_WAIT's
 * is relative, WAIT_BITSET's absolute on the monotonic clock or (rt) the
 * wall clock. */
static int wait_deadline(uint64_t uts, int cmd, bool rt, uint64_t *deadline)
{
	uint64_t ns;
	int err;

	*deadline = 0;
	if (!uts)
		return 0;
	if ((err = read_timespec(uts, &ns)) < 0)
		return err;
	if (cmd == FUTEX_WAIT)
		*deadline = monotonic_ns() + ns;
	else
		*deadline = rt ? realtime_to_monotonic(ns) : ns;
	if (*deadline == 0)	/* 0 means none: an absolute 0 has passed */
		*deadline = 1;
	return 0;
}

/* An operation this kernel does not have (the PI ones), logged once. */
static void unsupported(int cmd)
{
	static uint64_t logged;	/* bit cmd */
	uint64_t bit = 1UL << (cmd & 63);

	if (!(__atomic_fetch_or(&logged, bit, __ATOMIC_RELAXED) & bit))
		klog("futex op %d not implemented (first from pid %d, %s)", cmd,
		     myproc()->pid, myproc()->name);
}

/* futex(uaddr, op, val, timeout or val2, uaddr2, val3) */
uint64_t sys_futex(void)
{
	uint64_t uaddr = argraw(0), uts = argraw(3), uaddr2 = argraw(4), deadline;
	int op = argraw(1), cmd = op & FUTEX_CMD_MASK, err;
	uint32_t val = argraw(2), val2 = uts, val3 = argraw(5);
	bool private = op & FUTEX_PRIVATE_FLAG;

	if ((op & FUTEX_CLOCK_REALTIME) && cmd != FUTEX_WAIT_BITSET)
		return -ENOSYS;
	switch (cmd) {
	case FUTEX_WAIT:
		val3 = FUTEX_BITSET_MATCH_ANY;
		/* fall through */
	case FUTEX_WAIT_BITSET:
		if ((err = wait_deadline(uts, cmd, op & FUTEX_CLOCK_REALTIME, &deadline)) < 0)
			return err;
		return futex_wait(uaddr, private, val, deadline, val3);
	case FUTEX_WAKE:
		val3 = FUTEX_BITSET_MATCH_ANY;
		/* fall through */
	case FUTEX_WAKE_BITSET:
		return futex_wake(uaddr, private, (int)val, val3);
	case FUTEX_REQUEUE:
		return futex_requeue(uaddr, uaddr2, private, (int)val, (int)val2, NULL);
	case FUTEX_CMP_REQUEUE:
		return futex_requeue(uaddr, uaddr2, private, (int)val, (int)val2, &val3);
	case FUTEX_WAKE_OP:
		return futex_wake_op(uaddr, uaddr2, private, (int)val, (int)val2, val3);
	}
	unsupported(cmd);
	return -ENOSYS;
}

/* Wakes one waiter of the futex at uaddr in p's address space: a
 * thread's exit (CLONE_CHILD_CLEARTID) and a robust lock whose owner
 * died. */
void futex_wake_one(uint64_t uaddr)
{
	futex_wake(uaddr, false, 1, FUTEX_BITSET_MATCH_ANY);
}
