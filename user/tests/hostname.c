/*
 * hostname: sethostname(2) and setdomainname(2) as Linux 6.1 answers
 * root, and /proc/sys/kernel/hostname and domainname: a name set is
 * what uname(2) and the file give, a file written sets it (to its first
 * newline); 64 bytes fit, 65 are EINVAL, as is a negative length; a
 * NUL ends the name, a length of 0 empties it, a bad pointer is EFAULT. The names found are put back.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "check.h"
#include "rawerr.h"
#include "syscall.h"

static const char *
node(void)
{
	static struct utsname u;

	uname(&u);
	return u.nodename;
}

static const char *
domain(void)
{
	static struct utsname u;

	uname(&u);
	return u.domainname;
}

/* The file's text, its newline dropped. */
static const char *
file(const char *path)
{
	static char buf[128];
	int fd = open(path, O_RDONLY);
	long n = fd < 0 ? -1 : read(fd, buf, sizeof buf - 1);

	close(fd);
	buf[n < 0 ? 0 : n] = 0;
	if (n > 0 && buf[n - 1] == '\n')
		buf[n - 1] = 0;
	return buf;
}

static long
put(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);
	long n = fd < 0 ? -1 : write(fd, text, strlen(text));

	close(fd);
	return n;
}

int
main(void)
{
	char host[65], dom[65], big[70];

	strcpy(host, node());
	strcpy(dom, domain());
	memset(big, 'h', sizeof big);

	check_long("sethostname", syscall2(SYS_sethostname, "newhost", 7), 0);
	check_str("uname's nodename", node(), "newhost");
	check_str("/proc/sys/kernel/hostname", file("/proc/sys/kernel/hostname"), "newhost");
	check_long("64 bytes", syscall2(SYS_sethostname, big, 64), 0);
	check_long("all kept", strlen(node()), 64);
	check_err("65 bytes", syscall2(SYS_sethostname, big, 65), 22);
	check_err("a negative length", syscall2(SYS_sethostname, "x", -1), 22);
	check_err("a bad pointer", syscall2(SYS_sethostname, 8, 4), 14);
	check_long("the name stayed", strlen(node()), 64);
	check_long("a NUL inside", syscall2(SYS_sethostname, "ab\0cd", 5), 0);
	check_str("ends the name", node(), "ab");
	check_long("a length of 0", syscall2(SYS_sethostname, "x", 0), 0);
	check_str("an empty name", node(), "");
	check_long("the file written", put("/proc/sys/kernel/hostname", "fromproc\nrest"), 13);
	check_str("sets it, to its newline", node(), "fromproc");

	check_long("setdomainname", syscall2(SYS_setdomainname, "example.org", 11), 0);
	check_str("uname's domainname", domain(), "example.org");
	check_str("/proc/sys/kernel/domainname", file("/proc/sys/kernel/domainname"), "example.org");
	check_err("setdomainname, 65 bytes", syscall2(SYS_setdomainname, big, 65), 22);
	check_err("setdomainname, a bad pointer", syscall2(SYS_setdomainname, 8, 4), 14);
	check_long("the domain file written", put("/proc/sys/kernel/domainname", "lan\n"), 4);
	check_str("sets it", domain(), "lan");
	check_str("the host name stayed", node(), "fromproc");

	check_long("the host name put back", syscall2(SYS_sethostname, host, strlen(host)), 0);
	check_long("the domain name put back", syscall2(SYS_setdomainname, dom, strlen(dom)), 0);
	check_long("as found", strcmp(node(), host) == 0 && strcmp(domain(), dom) == 0, 1);
	return 0;
}
