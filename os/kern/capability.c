/*
 * capget and capset, as Linux 6.1's kernel/capability.c answers them.
 * Every process runs as root: it starts with every capability effective
 * and permitted and none inheritable, as Linux's init does, and exec
 * gives a root program every one again (Linux's rule for uid 0: the
 * new permitted set is the bounding set, all of it here, and effective
 * follows it). A thread's sets are its own (Linux's creds are per
 * thread), copied by fork and clone. capset may lower them, and raise
 * the inheritable set (root has CAP_SETPCAP), never the permitted one.
 */
#include "kern/kern.h"
#include "mm/mm.h"
#include "kern/syscall.h"

#define CAP_V1 0x19980330	/* 32-bit sets: one struct */
#define CAP_V2 0x20071026	/* deprecated, as V3 */
#define CAP_V3 0x20080522	/* 64-bit sets: two structs, low word first */
#define CAP_ALL ((1UL << 41) - 1)	/* 0 .. CAP_CHECKPOINT_RESTORE (40), 6.1's last */

enum { CAP_EFF, CAP_PERM, CAP_INH };

struct cap_data {	/* Linux's struct __user_cap_data_struct */
	uint32_t effective, permitted, inheritable;
};

/* init's sets */
void cap_init(struct proc *p)
{
	p->caps[CAP_EFF] = p->caps[CAP_PERM] = CAP_ALL;
	p->caps[CAP_INH] = 0;
}

/* exec of a program by root: every capability permitted and effective,
 * the inheritable set kept. */
void cap_exec(struct proc *p) { p->caps[CAP_EFF] = p->caps[CAP_PERM] = CAP_ALL; }

/* The header's version: the structs it has in *n; for an unknown one
 * EINVAL, with the version written back as the kernel's (V3). */
static int cap_version(uint64_t hdr, int *n)
{
	pagetable_t pt = myproc()->pagetable;
	uint32_t v;

	if (copyin(pt, &v, hdr, sizeof(v)) < 0)
		return -EFAULT;
	if (v == CAP_V1 || v == CAP_V2 || v == CAP_V3) {
		*n = v == CAP_V1 ? 1 : 2;
		return 0;
	}
	v = CAP_V3;
	return copyout(pt, hdr, &v, sizeof(v)) < 0 ? -EFAULT : -EINVAL;
}

/* capget(hdr, data): a NULL data asks only for the version (an unknown
 * one then is 0, the kernel's written back). */
uint64_t sys_capget(void)
{
	uint64_t hdr = argraw(0), data = argraw(1), caps[3];
	struct cap_data d[2];
	int32_t pid;
	int n, err = cap_version(hdr, &n);

	if (!data || err)
		return !data && err == -EINVAL ? 0 : err;
	if (copyin(myproc()->pagetable, &pid, hdr + 4, sizeof(pid)) < 0)
		return -EFAULT;
	if (pid < 0)
		return -EINVAL;
	struct proc *t = pid == myproc()->pid ? proc_hold(myproc()) : proc_get_or_self(pid);
	if (!t)
		return -ESRCH;
	memcpy(caps, (const void *)t->caps, sizeof(caps));	/* t may be changing them: any then */
	proc_put(t);
	for (int i = 0; i < 2; i++)
		d[i] = (struct cap_data){ caps[CAP_EFF] >> 32 * i, caps[CAP_PERM] >> 32 * i,
					  caps[CAP_INH] >> 32 * i };
	return copyout(myproc()->pagetable, data, d, n * sizeof(d[0]));
}

/* capset(hdr, data): the caller's own sets only (pid 0 or its own). */
uint64_t sys_capset(void)
{
	struct proc *p = myproc();
	uint64_t hdr = argraw(0), eff = 0, perm = 0, inh = 0;
	struct cap_data d[2];
	int32_t pid;
	int n, err = cap_version(hdr, &n);

	if (err)
		return err;
	if (copyin(p->pagetable, &pid, hdr + 4, sizeof(pid)) < 0)
		return -EFAULT;
	if (pid != 0 && pid != p->pid)
		return -EPERM;
	if (copyin(p->pagetable, d, argraw(1), n * sizeof(d[0])) < 0)
		return -EFAULT;
	for (int i = 0; i < n; i++) {
		eff |= (uint64_t)d[i].effective << 32 * i;
		perm |= (uint64_t)d[i].permitted << 32 * i;
		inh |= (uint64_t)d[i].inheritable << 32 * i;
	}
	eff &= CAP_ALL, perm &= CAP_ALL, inh &= CAP_ALL;
	/* cap_capset: no new permitted ones, effective within permitted;
	 * inheritable within the bounding set (all: CAP_SETPCAP lets root) */
	if ((perm & ~p->caps[CAP_PERM]) || (eff & ~perm))
		return -EPERM;
	p->caps[CAP_EFF] = eff;
	p->caps[CAP_PERM] = perm;
	p->caps[CAP_INH] = inh;
	return 0;
}
