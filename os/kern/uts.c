/*
 * The names uname(2) gives, as Linux's one UTS namespace keeps them:
 * the fixed ones (Linux, the release, riscv64) and the two a process
 * may set (everyone is root): the node name (sethostname,
 * /proc/sys/kernel/hostname) and the domain name (setdomainname,
 * /proc/sys/kernel/domainname), each up to 64 bytes.
 */
#include "kern/kern.h"
#include "mm/mm.h"
#include "kern/syscall.h"
#include "uapi/linux/utsname.h"

static struct spinlock lock = SPINLOCK_INIT("uts", LOCK_LEAF);
static char names[2][UTS_LEN + 1] = {
	[UTS_NODENAME] = "exec",
	[UTS_DOMAINNAME] = "(none)",	/* Linux's when unset */
};

/* Name which (UTS_NODENAME, UTS_DOMAINNAME) into out, NUL-ended. */
void uts_get(int which, char out[UTS_LEN + 1])
{
	acquire(&lock);
	memcpy(out, names[which], UTS_LEN + 1);
	release(&lock);
}

/* Name which = the n bytes at s (n <= UTS_LEN), the rest zeroed. */
void uts_set(int which, const char *s, size_t n)
{
	acquire(&lock);
	memcpy(names[which], s, n);
	memset(names[which] + n, 0, UTS_LEN + 1 - n);
	release(&lock);
}

uint64_t sys_uname(void)
{
	struct utsname u;

	memset(&u, 0, sizeof(u));
	strlcpy(u.sysname, "Linux", sizeof(u.sysname));	/* the ABI we speak */
	uts_get(UTS_NODENAME, u.nodename);
	strlcpy(u.release, UTS_RELEASE, sizeof(u.release));
	strlcpy(u.version, UTS_VERSION, sizeof(u.version));
	strlcpy(u.machine, "riscv64", sizeof(u.machine));
	uts_get(UTS_DOMAINNAME, u.domainname);
	return copyout(myproc()->pagetable, argraw(0), &u, sizeof(u));
}

/* sethostname(name, len), setdomainname(name, len), as Linux's: EINVAL
 * past 64 bytes, the name not NUL-ended (a NUL in it ends it). */
static uint64_t set_name(int which)
{
	int len = argraw(1);
	char tmp[UTS_LEN];

	if (len < 0 || len > UTS_LEN)
		return -EINVAL;
	if (copyin(myproc()->pagetable, tmp, argraw(0), len) < 0)
		return -EFAULT;
	uts_set(which, tmp, len);
	return 0;
}

uint64_t sys_sethostname(void) { return set_name(UTS_NODENAME); }
uint64_t sys_setdomainname(void) { return set_name(UTS_DOMAINNAME); }
