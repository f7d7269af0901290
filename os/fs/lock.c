/*
 * Advisory file locks, as Linux's fs/locks.c: POSIX record locks
 * (fcntl F_GETLK, F_SETLK, F_SETLKW), open file description locks
 * (F_OFD_GETLK, F_OFD_SETLK, F_OFD_SETLKW) and flock(2).
 *
 * A lock is a record: a node, a byte range, shared (F_RDLCK) or
 * exclusive (F_WRLCK), and an owner. A POSIX lock's owner is the
 * process (its tgid): a fork does not inherit it, and it goes when the
 * process closes any descriptor of the file (lock_close_posix, from
 * file.c's closes, exit's among them). An OFD lock's and a flock's
 * owner is the open file: they go with its last close (lock_close_file).
 * An owner's ranges of one kind are split and merged as it sets and
 * clears them, so that its records never overlap. POSIX and OFD locks
 * meet each other; flocks (the whole file) only flocks, as on Linux.
 *
 * The records come from a fixed table (ENOLCK past it) and sit in
 * buckets hashed by node, all under one spinlock (flocks, LOCK_COND:
 * F_SETLKW and flock sleep under it, on their bucket). An F_SETLKW
 * waiter is noted with the owner it waits for, so that a wait that
 * would close a loop of POSIX owners is EDEADLK instead. A signal ends
 * a wait (ERESTARTSYS: EINTR after a handler without SA_RESTART).
 */
#include "kern/kern.h"
#include "mm/mm.h"
#include "fs/fs.h"
#include "fs/file.h"
#include "fs/vfs.h"
#include "uapi/linux/fcntl.h"

#define LOCKS_MAX 1024		/* records held at once, every file's */
#define LOCK_BUCKETS 64
#define WAITERS_MAX 64		/* F_SETLKW sleepers noted for EDEADLK */
#define OFFSET_MAX ((uint64_t)INT64_MAX)	/* the last byte a lock reaches */

enum lkind { LK_POSIX, LK_OFD, LK_FLOCK };

struct lockrec {
	struct lockrec *next;	/* in its bucket, or free */
	struct vnode *vn;
	enum lkind kind;
	uintptr_t owner;	/* POSIX: the tgid; OFD, flock: the struct file */
	int type;		/* F_RDLCK or F_WRLCK */
	uint64_t start, end;	/* bytes start..end, both in */
};

/* What a call asks: a record's fields, type F_UNLCK to clear. */
struct lockreq {
	struct vnode *vn;
	enum lkind kind;
	uintptr_t owner;
	int type;
	uint64_t start, end;
};

static struct spinlock flocks = SPINLOCK_INIT("flocks", LOCK_COND);
static struct lockrec recs[LOCKS_MAX], *freelist;
static bool recs_ready;
static struct lockrec *bucket[LOCK_BUCKETS];
static int nheld;		/* records in use; the close paths glance at it */
static struct { int tgid, on; } waiting[WAITERS_MAX];	/* tgid 0: a free slot */

static struct lockrec **bucket_of(const struct vnode *vn)
{
	return &bucket[((uintptr_t)vn / sizeof(struct vnode)) % LOCK_BUCKETS];
}

/* ---- records (under flocks) ---- */

static struct lockrec *rec_alloc(void)
{
	if (!recs_ready) {
		for (int i = 0; i < LOCKS_MAX; i++) {
			recs[i].next = freelist;
			freelist = &recs[i];
		}
		recs_ready = true;
	}
	struct lockrec *r = freelist;
	if (r) {
		freelist = r->next;
		__atomic_store_n(&nheld, nheld + 1, __ATOMIC_RELAXED);
	}
	return r;
}

static void rec_free(struct lockrec *r)
{
	if (!r)
		return;
	r->next = freelist;
	freelist = r;
	__atomic_store_n(&nheld, nheld - 1, __ATOMIC_RELAXED);
}

/* flock's records meet only flock's; POSIX and OFD ones meet. */
static bool same_family(enum lkind a, enum lkind b) { return (a == LK_FLOCK) == (b == LK_FLOCK); }

static bool owns(const struct lockrec *r, const struct lockreq *q)
{
	return r->kind == q->kind && r->owner == q->owner;
}

/* A lock of another owner that q cannot be set beside, or NULL. */
static struct lockrec *conflict(const struct lockreq *q)
{
	for (struct lockrec *r = *bucket_of(q->vn); r; r = r->next)
		if (r->vn == q->vn && same_family(r->kind, q->kind) && !owns(r, q) &&
		    r->start <= q->end && q->start <= r->end &&
		    (r->type == F_WRLCK || q->type == F_WRLCK))
			return r;
	return NULL;
}

/*
 * Sets q over its owner's records of the node: those of q's type that
 * overlap it or touch it merge into it; those of the other type lose
 * the part it covers (one may split in two); F_UNLCK only clears.
 * spare holds two records, taken as needed (a split's right half, q's
 * own) and set to NULL when taken. Waiters are woken: what they wait
 * for may be free now.
 */
static void apply(const struct lockreq *q, struct lockrec *spare[2])
{
	struct lockrec **pp = bucket_of(q->vn), *r, *split = NULL;
	uint64_t s = q->start, e = q->end;

	while ((r = *pp)) {
		bool same = r->type == q->type;
		if (r->vn != q->vn || !owns(r, q) ||
		    r->end + same < s || r->start > e + same) {
			pp = &r->next;
			continue;
		}
		if (same) {	/* merge: q grows over it */
			s = MIN(s, r->start);
			e = MAX(e, r->end);
		} else if (r->start < s && r->end > e) {	/* q cuts it in two */
			split = spare[0];
			spare[0] = NULL;
			*split = *r;
			split->start = e + 1;
			r->end = s - 1;
			pp = &r->next;
			continue;
		} else if (r->start < s || r->end > e) {	/* q cuts an end off */
			if (r->start < s)
				r->end = s - 1;
			else
				r->start = e + 1;
			pp = &r->next;
			continue;
		}
		*pp = r->next;	/* covered, or merged into q */
		rec_free(r);
	}
	pp = bucket_of(q->vn);
	if (split) {
		split->next = *pp;
		*pp = split;
	}
	if (q->type != F_UNLCK) {
		r = spare[1];
		spare[1] = NULL;
		*r = (struct lockrec){ *pp, q->vn, q->kind, q->owner, q->type, s, e };
		*pp = r;
	}
	wakeup(bucket_of(q->vn));
}

/* ---- EDEADLK: POSIX owners waiting for each other ---- */

/* Whether tgid waiting for owner's lock would close a loop of waits. */
static bool deadlock(int tgid, int owner)
{
	for (int steps = 0; steps < WAITERS_MAX; steps++) {
		if (owner == tgid)
			return true;
		int i = 0;
		while (i < WAITERS_MAX && waiting[i].tgid != owner)
			i++;
		if (i == WAITERS_MAX)
			return false;	/* owner runs: it may let go */
		owner = waiting[i].on;
	}
	return false;
}

/* Notes tgid as waiting for on (0: no longer waiting). A full table
 * only loses the detection. */
static void note_wait(int tgid, int on)
{
	for (int i = 0; i < WAITERS_MAX; i++) {
		if (on && waiting[i].tgid == 0) {
			waiting[i].tgid = tgid;
			waiting[i].on = on;
			return;
		}
		if (!on && waiting[i].tgid == tgid) {
			waiting[i].tgid = 0;
			return;
		}
	}
}

/*
 * Sets or clears q, waiting while another owner's lock stands in the
 * way if wait (else -EAGAIN, Linux's answer for both fcntl and flock's
 * LOCK_NB). 0, -EDEADLK, -ERESTARTSYS, -ENOLCK.
 */
static int lock_set(const struct lockreq *q, bool wait)
{
	struct lockrec *spare[2], *c;
	int err = 0;

	acquire(&flocks);
	spare[0] = rec_alloc();	/* a split's */
	spare[1] = q->type == F_UNLCK ? NULL : rec_alloc();	/* q's */
	if (!spare[0] || (q->type != F_UNLCK && !spare[1]))
		err = -ENOLCK;
	while (!err && q->type != F_UNLCK && (c = conflict(q))) {
		if (!wait)
			err = -EAGAIN;
		else if (q->kind == LK_POSIX && c->kind == LK_POSIX &&
			 deadlock(q->owner, c->owner))
			err = -EDEADLK;
		else {
			if (q->kind == LK_POSIX && c->kind == LK_POSIX)
				note_wait(q->owner, c->owner);
			if (sleep_intr(bucket_of(q->vn), &flocks) < 0)
				err = -ERESTARTSYS;
			if (q->kind == LK_POSIX)
				note_wait(q->owner, 0);
		}
	}
	if (!err)
		apply(q, spare);
	rec_free(spare[0]);
	rec_free(spare[1]);
	release(&flocks);
	return err;
}

/* Whether q's owner holds a lock of q's type on q's node. */
static bool holds(const struct lockreq *q)
{
	acquire(&flocks);
	struct lockrec *r = *bucket_of(q->vn);
	while (r && !(r->vn == q->vn && owns(r, q) && r->type == q->type))
		r = r->next;
	release(&flocks);
	return r != NULL;
}

/* Drops every record of vn for which gone() says so. */
static void drop_where(struct vnode *vn, bool (*gone)(const struct lockrec *r, uintptr_t arg),
		       uintptr_t arg)
{
	if (__atomic_load_n(&nheld, __ATOMIC_RELAXED) == 0)
		return;		/* the common close: no locks anywhere */
	acquire(&flocks);
	bool any = false;
	for (struct lockrec **pp = bucket_of(vn), *r; (r = *pp);) {
		if (r->vn == vn && gone(r, arg)) {
			*pp = r->next;
			rec_free(r);
			any = true;
		} else {
			pp = &r->next;
		}
	}
	if (any)
		wakeup(bucket_of(vn));
	release(&flocks);
}

static bool posix_of(const struct lockrec *r, uintptr_t tgid)
{
	return r->kind == LK_POSIX && r->owner == tgid;
}

static bool of_file(const struct lockrec *r, uintptr_t f)
{
	return r->kind != LK_POSIX && r->owner == f;
}

/* Process tgid closed a descriptor of vn: its POSIX locks on it go. */
void lock_close_posix(struct vnode *vn, int tgid)
{
	drop_where(vn, posix_of, tgid);
}

/* f's last reference goes: its OFD locks and its flock go. */
void lock_close_file(struct file *f)
{
	drop_where(f->vn, of_file, (uintptr_t)f);
}

/* ---- fcntl(2) ---- */

/* struct flock of Linux riscv64 (and rv32's struct flock64: the same). */
struct uflock {
	int16_t l_type, l_whence;
	int64_t l_start, l_len;
	int32_t l_pid;
};
_Static_assert(sizeof(struct uflock) == 32, "Linux's struct flock");

/* The bytes l names, from f's offset or end as l_whence says, as
 * Linux's flock_to_posix_lock: EINVAL for a bad whence or a start
 * before 0, EOVERFLOW past OFFSET_MAX; length 0 reaches any end. */
static int range_of(struct file *f, const struct uflock *l, uint64_t *start, uint64_t *end)
{
	int64_t base = l->l_whence == SEEK_SET ? 0 : l->l_whence == SEEK_CUR ? (int64_t)f->off :
		       l->l_whence == SEEK_END ? (int64_t)file_size(f) : -1;
	int64_t s;

	if (base < 0)
		return -EINVAL;
	if (__builtin_add_overflow(base, l->l_start, &s))
		return -EOVERFLOW;
	if (l->l_len > 0) {
		if ((uint64_t)(l->l_len - 1) > OFFSET_MAX - (uint64_t)MAX(s, 0))
			return -EOVERFLOW;
		*end = s + l->l_len - 1;
	} else if (l->l_len < 0) {
		*end = s - 1;
		s += l->l_len;
	} else {
		*end = OFFSET_MAX;
	}
	if (s < 0)
		return -EINVAL;
	*start = s;
	return 0;
}

static bool is_ofd(int cmd) { return cmd == F_OFD_GETLK || cmd == F_OFD_SETLK || cmd == F_OFD_SETLKW; }

/* F_GETLK: l becomes the first lock that stands in the way of the one
 * it describes, or says F_UNLCK. */
static int getlk(struct lockreq *q, struct uflock *l)
{
	acquire(&flocks);
	struct lockrec *c = conflict(q);
	if (c) {
		l->l_type = c->type;
		l->l_whence = SEEK_SET;
		l->l_start = c->start;
		l->l_len = c->end == OFFSET_MAX ? 0 : (int64_t)(c->end - c->start + 1);
		l->l_pid = c->kind == LK_POSIX ? (int32_t)c->owner : -1;
	} else {
		l->l_type = F_UNLCK;
	}
	release(&flocks);
	return 0;
}

/* fcntl's F_GETLK, F_SETLK, F_SETLKW and their F_OFD_ forms on f, the
 * struct flock at addr. */
int lock_fcntl(struct file *f, int cmd, uint64_t addr)
{
	struct proc *p = myproc();
	struct uflock l;
	struct lockreq q;
	bool get = cmd == F_GETLK || cmd == F_OFD_GETLK;

	if (copyin(p->pagetable, &l, addr, sizeof(l)) < 0)
		return -EFAULT;
	if (f->type != FD_VNODE)
		return -EBADF;	/* a pipe, a socket: no node (Linux locks their inodes) */
	if (is_ofd(cmd) && l.l_pid != 0)
		return -EINVAL;
	if (l.l_type != F_RDLCK && l.l_type != F_WRLCK && (get || l.l_type != F_UNLCK))
		return -EINVAL;
	q = (struct lockreq){ f->vn, is_ofd(cmd) ? LK_OFD : LK_POSIX,
			      is_ofd(cmd) ? (uintptr_t)f : (uintptr_t)p->tgid, l.l_type, 0, 0 };
	int err = range_of(f, &l, &q.start, &q.end);
	if (err < 0)
		return err;
	if (get)
		return getlk(&q, &l) < 0 || copyout(p->pagetable, addr, &l, sizeof(l)) < 0 ?
		       -EFAULT : 0;
	if ((l.l_type == F_RDLCK && !f->readable) || (l.l_type == F_WRLCK && !f->writable))
		return -EBADF;
	return lock_set(&q, cmd == F_SETLKW || cmd == F_OFD_SETLKW);
}

/* ---- flock(2) ---- */

#define LOCK_SH 1
#define LOCK_EX 2
#define LOCK_NB 4
#define LOCK_UN 8

/* flock(fd, op): the whole file, shared or exclusive, owned by the open
 * file. A change of kind lets the old lock go first, as Linux's does. */
uint64_t sys_flock(void)
{
	int op = argraw(1), how = op & ~LOCK_NB;
	struct file *f;
	int err = fd_file(argraw(0), &f);

	if (err < 0)
		return err;
	if (how != LOCK_SH && how != LOCK_EX && how != LOCK_UN)
		return -EINVAL;
	if (f->type != FD_VNODE)
		return -EINVAL;	/* a pipe, a socket: no node (Linux locks their inodes) */
	struct lockreq q = { f->vn, LK_FLOCK, (uintptr_t)f, how == LOCK_SH ? F_RDLCK : F_WRLCK,
			     0, OFFSET_MAX };
	if (how != LOCK_UN && holds(&q))
		return 0;
	int type = q.type;
	q.type = F_UNLCK;
	if ((err = lock_set(&q, false)) < 0 || how == LOCK_UN)
		return err;
	q.type = type;
	return lock_set(&q, !(op & LOCK_NB));
}
