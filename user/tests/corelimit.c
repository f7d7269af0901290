/*
 * corelimit: the limits and the live dump. RLIMIT_CORE starts unlimited;
 * a child that sets it to 0 dies without a core (and without the core
 * flag), one that sets 20000 leaves a core cut at exactly 20000 bytes;
 * the hard limit only falls. gcore's call dumps a running child that
 * then carries on until killed. A dump on a full disk (16 KiB left) is
 * cut short without the core flag, a 32-bit program's (/bin32/crash)
 * too, and the disk works afterwards. Free
 * pages after a second round of all this equal those after the first.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "fsutil.h"
#include "syscall.h"

#define CHUNK 65536
#define RESERVE 16384

static unsigned char buf[CHUNK];
static volatile int spin = 1;

/* A child that sets RLIMIT_CORE to cur, then stores to address 0;
 * returns its wait status, and in *size its core's size (-1: none). */
static int
fault_with_limit(uint64_t cur, long *size)
{
	char path[64];
	struct stat st;
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		struct rlimit64 r = { cur, RLIM64_INFINITY };
		if (prlimit64(0, RLIMIT_CORE, &r, NULL) < 0)
			_exit(3);
		*(volatile int *)(uintptr_t)(cur & 0) = 1;
		_exit(4);
	}
	waitpid(pid, &status, 0);
	snprintf(path, sizeof path, "/core/corelimit.%d", pid);
	*size = stat(path, &st) == 0 ? (long)st.st_size : -1;
	unlink(path);
	return status;
}

static void
limits(int round)
{
	struct rlimit64 r;
	long size;
	int status;

	check_long("RLIMIT_CORE starts unlimited",
		   prlimit64(0, RLIMIT_CORE, NULL, &r) == 0 && r.rlim_cur == RLIM64_INFINITY &&
		   r.rlim_max == RLIM64_INFINITY, 1);
	status = fault_with_limit(0, &size);
	check_long("limit 0: killed by signal", WIFSIGNALED(status) ? WTERMSIG(status) : -1, SIGSEGV);
	check_long("limit 0: core flag", WCOREDUMP(status) != 0, 0);
	check_long("limit 0: core file size (-1: none)", size, -1);
	status = fault_with_limit(20000, &size);
	check_long("limit 20000: killed by signal", WIFSIGNALED(status) ? WTERMSIG(status) : -1, SIGSEGV);
	check_long("limit 20000: core flag", WCOREDUMP(status) != 0, 0);
	check_long("limit 20000: core file size", size, 20000);
	if (round > 0)
		return;
	pid_t pid = fork();
	if (pid == 0) {
		struct rlimit64 low = { 4096, 8192 }, high = { 4096, 1 << 20 }, bad = { 8192, 4096 };
		if (prlimit64(0, RLIMIT_CORE, &low, NULL) < 0)
			_exit(2);
		if (prlimit64(0, RLIMIT_CORE, &high, NULL) == 0 || errno != EPERM)
			_exit(3);
		if (prlimit64(0, RLIMIT_CORE, &bad, NULL) == 0 || errno != EINVAL)
			_exit(4);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	check_long("hard limit only falls, soft stays below it (child's status)", status, 0);
}

static void
live(void)
{
	char path[64], want[64];
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		while (spin)
			;
		_exit(0);
	}
	long size = coredump(pid, path, sizeof path);
	snprintf(want, sizeof want, "/core/corelimit.%d", pid);
	check_long("gcore of a running child has a size", size > 8192, 1);
	check_long("gcore's path is /core/corelimit.<pid>", strcmp(path, want) == 0, 1);
	check_long("the child still runs (signal 0 finds it)", kill(pid, 0), 0);
	kill(pid, SIGTERM);
	waitpid(pid, &status, 0);
	check_long("then dies of the SIGTERM sent after", WIFSIGNALED(status) ? WTERMSIG(status) : -1,
		   SIGTERM);
	unlink(path);
	check_errno("gcore of no such pid", coredump(99999, path, sizeof path), ESRCH);
}

/* /bin32/crash segv, a 32-bit program that stores to address 0: its
 * wait status, and in *size its core's size (-1: none). */
static int
fault32(long *size)
{
	char path[64];
	struct stat st;
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		char *argv[] = { "crash", "segv", NULL }, *envp[] = { NULL };
		execve("/bin32/crash", argv, envp);
		_exit(99);
	}
	waitpid(pid, &status, 0);
	snprintf(path, sizeof path, "/core/crash.%d", pid);
	*size = stat(path, &st) == 0 ? (long)st.st_size : -1;
	unlink(path);
	return status;
}

/* Fills the disk, 16 KiB short; returns the files made. */
static int
fill_disk(void)
{
	char path[64];
	int files = 0, full = 0;

	mkdir("/corefill", 0755);
	write_file("/corefill/reserve", buf, RESERVE);
	while (!full) {
		snprintf(path, sizeof path, "/corefill/f%d", files++);
		int fd = must("open filler", open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644));
		for (int i = 0; i < 64 && !full; i++)
			full = write(fd, buf, CHUNK) != CHUNK;
		close(fd);
	}
	must("unlink reserve", unlink("/corefill/reserve"));
	return files;
}

static void
disk_full(void)
{
	long size;

	fill_disk();
	int status = fault_with_limit(RLIM64_INFINITY, &size);
	check_long("full disk: killed by signal", WIFSIGNALED(status) ? WTERMSIG(status) : -1, SIGSEGV);
	check_long("full disk: core flag", WCOREDUMP(status) != 0, 0);
	check_long("full disk: the core is cut short or absent", size <= RESERVE, 1);
	status = fault32(&size);
	check_long("full disk, 32-bit: killed by signal",
		   WIFSIGNALED(status) ? WTERMSIG(status) : -1, SIGSEGV);
	check_long("full disk, 32-bit: core flag", WCOREDUMP(status) != 0, 0);
	check_long("full disk, 32-bit: the core is cut short or absent", size <= RESERVE, 1);
	check_long("the filler removed", rm_tree("/corefill"), 0);
	write_file("/corefill.txt", "after\n", 6);
	check_long("the disk writes again", read_file("/corefill.txt", buf, CHUNK), 6);
	unlink("/corefill.txt");
}

int
main(void)
{
	struct sysinfo before, after;

	mkdir("/core", 0755);
	limits(0);
	live();
	disk_full();
	sysinfo(&before);
	limits(1);
	sysinfo(&after);
	check_long("free pages after a second round of dumps (difference)",
		   (long)after.freeram - (long)before.freeram, 0);
	sync();
	printf("corelimit: ok\n");
	return 0;
}
