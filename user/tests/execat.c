/*
 * execat: execveat as Linux has it. A program named by a path relative
 * to a directory descriptor (AT_EXECFN "/dev/fd/N/name"), by an open
 * descriptor of its own (AT_EMPTY_PATH: fexecve; "/dev/fd/N"), through
 * a symlink (refused with AT_SYMLINK_NOFOLLOW: ELOOP), a copy on tmpfs,
 * /proc/self/exe, and a program built in memory (memfd_create: while
 * its descriptor may write, ETXTBSY as on Linux; run once opened again
 * read-only through /proc/self/fd/N, a magic link: its exe is then
 * that path, where Linux's is "/memfd:prog (deleted)"); and its errors: "" without AT_EMPTY_PATH, unknown
 * flags, a dirfd that is no directory or not open. Each exec'd child
 * prints its argv[1], /proc/self/exe and AT_EXECFN.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "syscall.h"

#define SYS_execveat 281
#define SYS_symlinkat 36
#define SYS_memfd_create 279
#define MFD_CLOEXEC 1
#define AT_FDCWD_ (-100)
#define EMPTY_PATH 0x1000
#define NOFOLLOW 0x100
#define AT_EXECFN_ 31

static const char *
execfn(char **envp)
{
	while (*envp)
		envp++;
	for (uint64_t *a = (uint64_t *)(envp + 1); a[0]; a += 2)
		if (a[0] == AT_EXECFN_)
			return (const char *)a[1];
	return "(none)";
}

/* Runs execveat(dirfd, path, [execat, what], flags) in a child; prints
 * its error if the exec fails. */
static void
run(const char *what, int dirfd, const char *path, int flags)
{
	printf("== %s\n", what);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		char *argv[] = { "execat", (char *)what, NULL };
		long r = as_libc(syscall5(SYS_execveat, dirfd, (long)path, (long)argv,
					  (long)environ, flags));
		printf("execveat: %s\n", r < 0 ? errno_name(errno) : "returned");
		fflush(stdout);
		_exit(127);
	}
	printf("status %d\n", wait_status(pid));
}

static void
copy(const char *from, const char *to)
{
	static char buf[65536];
	int in = open(from, O_RDONLY), out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	long n;

	while ((n = read(in, buf, sizeof(buf))) > 0)
		write(out, buf, n);
	close(in);
	close(out);
}

int
main(int argc, char **argv, char **envp)
{
	if (argc > 1) {	/* an exec'd child */
		char exe[128];
		long n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
		exe[n > 0 ? n : 0] = 0;
		printf("run: %s, exe %s, AT_EXECFN %s\n", argv[1], exe, execfn(envp));
		return 0;
	}
	int dir = open("/tests", O_RDONLY | O_DIRECTORY);
	int self = open("/tests/execat", O_RDONLY);
	int dirfd_file = open("/tests/execat", O_RDONLY);
	printf("descriptors %d %d\n", dir == 3, self == 4);
	run("absolute", AT_FDCWD_, "/tests/execat", 0);
	run("relative to a dirfd", dir, "execat", 0);
	run("its own descriptor", self, "", EMPTY_PATH);
	syscall3(SYS_symlinkat, (long)"/tests/execat", AT_FDCWD_, (long)"/tmp/execat.link");
	run("through a symlink", AT_FDCWD_, "/tmp/execat.link", 0);
	run("a symlink, NOFOLLOW", AT_FDCWD_, "/tmp/execat.link", NOFOLLOW);
	copy("/tests/execat", "/tmp/execat.copy");
	run("a copy on tmpfs", AT_FDCWD_, "/tmp/execat.copy", 0);
	run("/proc/self/exe", AT_FDCWD_, "/proc/self/exe", 0);
	static char prog[1 << 20];
	int in = open("/tests/execat", O_RDONLY);
	long len = read(in, prog, sizeof(prog));
	close(in);
	long mfd = as_libc(syscall2(SYS_memfd_create, (long)"prog", MFD_CLOEXEC));
	check_long("memfd_create", mfd >= 0, 1);
	check_long("  the program written into it", write(mfd, prog, len) == len, 1);
	char link[64], fdpath[32];
	snprintf(fdpath, sizeof(fdpath), "/proc/self/fd/%ld", mfd);
	long n = readlink(fdpath, link, sizeof(link) - 1);
	link[n > 0 ? n : 0] = 0;
	printf("its /proc/self/fd link: %s\n", link);
	/* as Linux 6.1: the memfd is open for writing, so no exec of it;
	 * opened again read-only through its /proc/self/fd link (a magic
	 * link: the file itself), and the writer closed, it runs */
	run("a memfd still open for writing", mfd, "", EMPTY_PATH);
	int ro = open(fdpath, O_RDONLY);
	check_long("  opened read-only through /proc/self/fd", ro >= 0, 1);
	close(mfd);
	run("the memfd, read-only", ro, "", EMPTY_PATH);
	close(ro);
	check_errno("memfd_create with an unknown flag", as_libc(syscall2(SYS_memfd_create, (long)"x", 0x100)), EINVAL);
	memset(prog, 'n', 300);
	prog[300] = 0;
	check_errno("memfd_create with a 300-byte name", as_libc(syscall2(SYS_memfd_create, (long)prog, 0)), EINVAL);
	run("\"\" without AT_EMPTY_PATH", self, "", 0);
	run("unknown flags", AT_FDCWD_, "/tests/execat", 1);
	run("a dirfd that is a file", dirfd_file, "execat", 0);
	run("a dirfd not open", 99, "execat", 0);
	unlink("/tmp/execat.link");
	unlink("/tmp/execat.copy");
	printf("execat done\n");
	return 0;
}
