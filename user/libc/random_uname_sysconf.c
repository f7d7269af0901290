/*
 * getrandom, getentropy, uname, gethostname and sysconf through musl:
 * flags and errors of getrandom, the fields uname must have on riscv64
 * Linux, and sysconf's answers that come from the kernel (page size,
 * CPUs, memory, the open-file limit) as relations.
 */
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <unistd.h>
#include "check.h"

int main(void)
{
	unsigned char a[64], b[64];
	struct utsname u;
	char host[256];

	alarm(30);
	CHECK(getrandom(a, sizeof a, 0) == sizeof a && getrandom(b, sizeof b, 0) == sizeof b);
	SAY("getrandom: two draws of 64 bytes differ", memcmp(a, b, sizeof a) != 0);
	printf("getrandom GRND_NONBLOCK: %zd\n", getrandom(a, 16, GRND_NONBLOCK));
	printf("getrandom GRND_RANDOM: %zd\n", getrandom(a, 16, GRND_RANDOM));
	printf("getrandom 0 bytes: %zd\n", getrandom(a, 0, 0));
	CHECK_ERR("getrandom bad flags", getrandom(a, 16, 0x80), EINVAL);
	CHECK_ERR("getrandom EFAULT", getrandom((void *)16, 16, 0), EFAULT);
	CHECK(getentropy(a, 256) == 0);
	printf("getentropy 256: 0\n");
	CHECK_ERR("getentropy 257", getentropy(a, 257), EIO);

	CHECK(uname(&u) == 0);
	printf("uname: sysname %s, machine %s\n", u.sysname, u.machine);
	SAY("release and version not empty", u.release[0] && u.version[0]);
	CHECK_ERR("uname EFAULT", uname((struct utsname *)16), EFAULT);
	CHECK(gethostname(host, sizeof host) == 0);
	SAY("gethostname is uname's nodename", !strcmp(host, u.nodename));

	struct rlimit r;
	CHECK(getrlimit(RLIMIT_NOFILE, &r) == 0);
	printf("_SC_PAGESIZE: %ld\n", sysconf(_SC_PAGESIZE));
	printf("_SC_CLK_TCK: %ld\n", sysconf(_SC_CLK_TCK));
	SAY("_SC_OPEN_MAX is RLIMIT_NOFILE", sysconf(_SC_OPEN_MAX) == (long)r.rlim_cur);
	long on = sysconf(_SC_NPROCESSORS_ONLN), conf = sysconf(_SC_NPROCESSORS_CONF);
	SAY("_SC_NPROCESSORS_ONLN >= 1", on >= 1);
	SAY("_SC_NPROCESSORS_CONF >= ONLN", conf >= on);
	long phys = sysconf(_SC_PHYS_PAGES), avail = sysconf(_SC_AVPHYS_PAGES);
	SAY("_SC_PHYS_PAGES > 0 and >= _SC_AVPHYS_PAGES", phys > 0 && phys >= avail && avail > 0);
	SAY("_SC_ARG_MAX >= 131072", sysconf(_SC_ARG_MAX) >= 131072);
	SAY("_SC_CHILD_MAX > 0 or unlimited", sysconf(_SC_CHILD_MAX) > 0 || sysconf(_SC_CHILD_MAX) == -1);
	printf("_SC_THREAD_STACK_MIN: %ld\n", sysconf(_SC_THREAD_STACK_MIN));
	printf("_SC_NGROUPS_MAX: %ld\n", sysconf(_SC_NGROUPS_MAX));
	CHECK_ERR("sysconf bad name", sysconf(-5), EINVAL);
	return 0;
}
