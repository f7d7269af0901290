/*
 * sysrandva: /proc/sys/kernel/randomize_va_space, as Linux's. It reads
 * "2"; written 0, two execs of this program place the stack, an mmap
 * and the brk at the same addresses; written 1, the brk stays put
 * while the stack and mmap move; written 2, all move. Text that is no
 * number is EINVAL and leaves the value; a number with blanks around it
 * is taken. Also /proc/sys/kernel's ostype, osrelease and listing, and
 * a read-only entry's open for writing (EACCES). Leaves the value it
 * found, failed or not. Booted with norandmaps it finds 0
 * (sysrandva.norandmaps.out).
 * Not in the linux suite: it would change the host's setting.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "check.h"

#define RVA "/proc/sys/kernel/randomize_va_space"

static const char *
read_file(const char *path)
{
	static char buf[64];
	int fd = open(path, O_RDONLY);
	long n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);

	if (fd >= 0)
		close(fd);
	buf[n > 0 ? n : 0] = 0;
	if (n > 0 && buf[n - 1] == '\n')
		buf[n - 1] = 0;	/* every file's one line ends so */
	else
		strcpy(buf, "(no line)");
	return buf;
}

static long
write_rva(const char *text)
{
	int fd = open(RVA, O_WRONLY | O_CREAT | O_TRUNC, 0644);	/* as a shell's > */
	long n = fd < 0 ? -1 : write(fd, text, strlen(text));
	int e = errno;

	if (fd >= 0)
		close(fd);
	errno = e;
	return n;
}

static char booted[8];	/* the value read first: 2, or 0 if booted with norandmaps */

static void
restore(void)
{
	write_rva(booted);
}

/* The child: where its stack, an mmap and its brk are. */
static int
child(void)
{
	int local;
	void *m = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	printf("%p %p %p\n", (void *)&local, m, sbrk(0));
	return 0;
}

static const char *
uts_release(void)
{
	static struct utsname u;

	return uname(&u) == 0 ? u.release : "?";
}

struct where {
	char stack[24], mmap[24], brk[24];
};

/* One exec of this program as a child: the addresses it printed. */
static struct where
run_child(void)
{
	struct where w;
	char out[128];
	int p[2];

	if (pipe(p) < 0)
		fail();
	pid_t pid = fork();
	if (pid == 0) {
		dup2(p[1], 1);
		execl("/tests/sysrandva", "sysrandva", "child", (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	long n = read(p[0], out, sizeof(out) - 1);
	close(p[0]);
	out[n > 0 ? n : 0] = 0;
	if (wait_status(pid) != 0 || sscanf(out, "%23s %23s %23s", w.stack, w.mmap, w.brk) != 3) {
		printf("FAIL child: \"%s\"\n", out);
		fail();
	}
	return w;
}

static void
two_execs(const char *what, const char *level, int stack_same, int mmap_same, int brk_same)
{
	check_long(what, write_rva(level), (long)strlen(level));
	struct where a = run_child(), b = run_child();
	check_long("  two execs: the same stack", strcmp(a.stack, b.stack) == 0, stack_same);
	check_long("  the same mmap", strcmp(a.mmap, b.mmap) == 0, mmap_same);
	check_long("  the same brk", strcmp(a.brk, b.brk) == 0, brk_same);
}

int
main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "child") == 0)
		return child();
	check_str("ostype", read_file("/proc/sys/kernel/ostype"), "Linux");
	snprintf(booted, sizeof(booted), "%s", read_file(RVA));
	printf("%s reads \"%s\"\n", RVA, booted);	/* the .out says which */
	atexit(restore);	/* a failed check restores it too, for the tests after */
	DIR *d = opendir("/proc/sys/kernel");
	struct dirent *e;
	int listed = 0;
	while (d && (e = readdir(d)))
		listed += strcmp(e->d_name, "randomize_va_space") == 0;
	if (d)
		closedir(d);
	check_long("/proc/sys/kernel lists randomize_va_space", listed, 1);
	check_long("osrelease is uname's release",
		   strcmp(read_file("/proc/sys/kernel/osrelease"), uts_release()) == 0, 1);
	two_execs("write \"0\"", "0", 1, 1, 1);
	check_str("  reads", read_file(RVA), "0");
	two_execs("write \" 1\\n\"", " 1\n", 0, 0, 1);
	check_str("  reads", read_file(RVA), "1");
	two_execs("write \"2\\n\"", "2\n", 0, 0, 0);
	check_errno("write \"abc\"", write_rva("abc"), EINVAL);
	check_errno("write \"1x\"", write_rva("1x"), EINVAL);
	check_errno("write \"\\n\"", write_rva("\n"), EINVAL);
	check_str("  still reads", read_file(RVA), "2");
	check_long("write back what it read", write_rva(booted), (long)strlen(booted));
	int fd = open("/proc/sys/kernel/ostype", O_WRONLY);
	check_errno("open ostype for writing (0444, root or not)", fd, EACCES);
	printf("sysrandva: done\n");
	return 0;
}
