/* uname, the ids, and the process relationships that do not depend on numbers. */
#include <sys/utsname.h>
#include <unistd.h>
#include "check.h"

int main(void)
{
	struct utsname u;

	CHECK(uname(&u) == 0);
	printf("sysname %s machine %s\n", u.sysname, u.machine);
	printf("release is not empty: %d\n", u.release[0] != '\0');
	printf("uid %d euid %d gid %d egid %d\n", (int)getuid(), (int)geteuid(), (int)getgid(),
	       (int)getegid());
	pid_t pid = getpid();
	printf("pid > 0: %d, ppid > 0: %d, pid != ppid: %d\n", pid > 0, getppid() > 0,
	       pid != getppid());
	printf("pid stable: %d\n", pid == getpid());
	long page = sysconf(_SC_PAGESIZE);
	printf("page size %ld\n", page);
	printf("pgid > 0: %d\n", getpgid(0) > 0);
	char host[256];
	CHECK(gethostname(host, sizeof host) == 0);
	printf("gethostname matches uname: %d\n", strcmp(host, u.nodename) == 0);
	return 0;
}
