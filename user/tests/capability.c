/*
 * capability: capget(2) and capset(2) as Linux 6.1 answers root: every
 * capability effective and permitted (0..40), none inheritable, in the
 * layouts of header versions 1 (32-bit), 2 and 3 (64-bit); an unknown
 * version is EINVAL with the kernel's (3) written back, or 0 if no data
 * is asked for. Another process's sets by pid, ESRCH for no such pid,
 * EINVAL for a negative one. capset lowers the effective and permitted
 * sets and raises the inheritable one; it may not raise a permitted
 * capability nor make one effective that is not permitted (EPERM), nor
 * set another process's (EPERM); a child inherits the sets. Bad
 * pointers are EFAULT.
 */
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "check.h"
#include "rawerr.h"
#include "syscall.h"

#define V1 0x19980330
#define V2 0x20071026
#define V3 0x20080522
#define NET_RAW (1u << 13)

struct hdr {
	uint32_t version;
	int pid;
};

struct data {
	uint32_t eff, perm, inh;
};

static long
capget(struct hdr *h, struct data *d)
{
	return syscall2(SYS_capget, h, d);
}

static long
capset(struct hdr *h, struct data *d)
{
	return syscall2(SYS_capset, h, d);
}

int
main(void)
{
	struct hdr h = { V3, 0 };
	struct data d[2] = { { 0 } };

	check_long("capget, version 3", capget(&h, d), 0);
	check_long("effective, low word", d[0].eff, 0xffffffff);
	check_long("effective, high word", d[1].eff, 0x1ff);
	check_long("permitted, high word", d[1].perm, 0x1ff);
	check_long("inheritable", d[0].inh | d[1].inh, 0);
	d[1].eff = 7;
	h = (struct hdr){ V1, 0 };
	check_long("version 1", capget(&h, d), 0);
	check_long("its one word", d[0].perm, 0xffffffff);
	check_long("the second struct untouched", d[1].eff, 7);
	h = (struct hdr){ V2, 0 };
	check_long("version 2", capget(&h, d), 0);
	check_long("two words", d[1].eff, 0x1ff);
	h = (struct hdr){ 0x1234, 0 };
	check_err("an unknown version", capget(&h, d), 22);
	check_long("the kernel's written back", h.version, V3);
	h = (struct hdr){ 0x1234, 0 };
	check_long("an unknown version, no data", capget(&h, 0), 0);
	check_long("the kernel's written back", h.version, V3);
	h = (struct hdr){ V3, -1 };
	check_long("a known version, no data", capget(&h, 0), 0);
	check_err("a negative pid", capget(&h, d), 22);
	h = (struct hdr){ V3, getpid() };
	check_long("its own pid", capget(&h, d), 0);
	h = (struct hdr){ V3, 0x3ffffff0 };
	check_err("no such pid", capget(&h, d), 3);
	check_err("a bad header", capget((struct hdr *)8, d), 14);
	h = (struct hdr){ V3, 0 };
	check_err("a bad data pointer", capget(&h, (struct data *)8), 14);

	pid_t child = fork();
	if (child == 0) {
		pause();
		_exit(0);
	}
	h = (struct hdr){ V3, child };
	check_long("a child's sets", capget(&h, d), 0);
	check_long("all of them", d[1].perm, 0x1ff);
	check_err("capset of a child", capset(&h, d), 1);

	h = (struct hdr){ V3, 0 };
	capget(&h, d);
	d[0].eff &= ~NET_RAW;
	check_long("capset: one off effective", capset(&h, d), 0);
	capget(&h, d);
	check_long("it is off", d[0].eff & NET_RAW, 0);
	check_long("still permitted", !!(d[0].perm & NET_RAW), 1);
	d[0].eff |= NET_RAW;
	check_long("back on: it is permitted", capset(&h, d), 0);
	d[0].inh |= NET_RAW;
	check_long("inheritable raised", capset(&h, d), 0);
	d[0].eff &= ~NET_RAW;
	d[0].perm &= ~NET_RAW;
	check_long("off permitted", capset(&h, d), 0);
	capget(&h, d);
	check_long("it is off", d[0].perm & NET_RAW, 0);
	check_long("and inheritable", !!(d[0].inh & NET_RAW), 1);
	d[0].perm |= NET_RAW;
	check_err("raised again", capset(&h, d), 1);
	d[0].perm &= ~NET_RAW;
	d[0].eff |= NET_RAW;
	check_err("effective, not permitted", capset(&h, d), 1);
	d[0].eff &= ~NET_RAW;
	h = (struct hdr){ 0x1234, 0 };
	check_err("capset, an unknown version", capset(&h, d), 22);
	h = (struct hdr){ V3, 0 };
	check_err("capset, bad data", capset(&h, (struct data *)8), 14);
	check_err("capset, a bad header", capset((struct hdr *)8, d), 14);

	pid_t c2 = fork();
	if (c2 == 0) {
		struct hdr ch = { V3, 0 };
		struct data cd[2];
		_exit(capget(&ch, cd) == 0 && !(cd[0].perm & NET_RAW) && (cd[0].inh & NET_RAW) ? 0 : 1);
	}
	check_long("a child inherits them", wait_status(c2), 0);
	kill(child, 9);
	wait_status(child);
	return 0;
}
