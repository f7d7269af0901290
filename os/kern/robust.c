/*
 * Robust futex lists (set_robust_list, get_robust_list). A process names
 * a list, in its own memory, of the locks it holds; when it exits or
 * execs, the kernel walks the list as Linux does and marks each lock
 * word the process still owns (its tid in the low bits) with
 * FUTEX_OWNER_DIED, so that another process sharing the lock (in a
 * MAP_SHARED page) learns that its owner died instead of waiting for
 * ever, and wakes one waiter of a lock that has them (futex.c).
 * Called with p's address space still in place, by p itself.
 */
#include "kern/kern.h"
#include "mm/mm.h"
#include "uapi/linux/futex.h"

uint64_t sys_set_robust_list(void)
{
	if (argraw(1) != sizeof(struct robust_list_head))
		return -EINVAL;
	myproc()->robust_list = argraw(0);
	return 0;
}

uint64_t sys_get_robust_list(void)
{
	int pid = argraw(0);
	struct proc *p = proc_get_or_self(pid);
	pagetable_t pt = myproc()->pagetable;
	uint64_t len = sizeof(struct robust_list_head);

	if (!p)
		return -ESRCH;
	uint64_t head = p->robust_list;
	proc_put(p);
	if (copyout(pt, argraw(1), &head, sizeof(head)) < 0 ||
	    copyout(pt, argraw(2), &len, sizeof(len)) < 0)
		return -EFAULT;
	return 0;
}

/*
 * Marks the lock word at uaddr owner-died if tid owns it. The word may
 * be shared with a process running on another hart, so the change is a
 * compare-and-swap, retried if the word moved under it. Returns -1 if
 * uaddr is not a writable, aligned word: the walk stops there, as
 * Linux's does.
 */
static int futex_owner_died(pagetable_t pt, uint64_t uaddr, uint32_t tid)
{
	if (uaddr % 4)
		return -1;
	uint32_t *word = user_ptr(pt, uaddr, sizeof(uint32_t), true);
	if (!word)
		return -1;
	uint32_t old = __atomic_load_n(word, __ATOMIC_SEQ_CST);
	while ((old & FUTEX_TID_MASK) == tid) {
		uint32_t new = (old & FUTEX_WAITERS) | FUTEX_OWNER_DIED;
		if (__atomic_compare_exchange_n(word, &old, new, false, __ATOMIC_SEQ_CST,
						__ATOMIC_SEQ_CST)) {
			if (old & FUTEX_WAITERS)	/* one of them takes the lock */
				futex_wake_one(uaddr);
			break;
		}
	}
	return 0;
}

/* A link's address without its PI bit (bit 0 marks a PI futex). */
static int fetch_link(pagetable_t pt, uint64_t from, uint64_t *link)
{
	if (copyin(pt, link, from, sizeof(*link)) < 0)
		return -1;
	*link &= ~1UL;
	return 0;
}

/*
 * Walks p's robust list, with p's address space still in place (exit,
 * or exec before the old image goes), and forgets it. Anything wrong
 * with the list (unmapped, misaligned, circular) ends the walk quietly.
 */
void robust_list_release(struct proc *p)
{
	struct robust_list_head h;
	uint64_t head = p->robust_list, entry;
	pagetable_t pt = p->pagetable;

	p->robust_list = 0;
	if (!head || copyin(pt, &h, head, sizeof(h)) < 0)
		return;
	entry = h.next & ~1UL;
	uint64_t pending = h.pending & ~1UL;
	for (int n = 0; entry != head; n++) {
		uint64_t next;
		if (n == ROBUST_LIST_LIMIT || fetch_link(pt, entry, &next) < 0)
			return;
		/* the pending lock is done last, once */
		if (entry != pending && futex_owner_died(pt, entry + h.futex_offset, p->pid) < 0)
			return;
		entry = next;
	}
	if (pending)
		futex_owner_died(pt, pending + h.futex_offset, p->pid);
}
