/*
 * lazy: demand-paged loading against eager loading. Every program here
 * runs once in each mode (loader_mode(2) set in the child before its
 * exec), whatever mode the system booted with, and must behave the same:
 * /testbin/lazyprobe touches a segment's last partial page, bss after the
 * file part, read-only data and data against their permissions, forks;
 * /testbin/sharedpage has a page two segments share. The loader's
 * figures (loadstat(2), wait4's rusage) show lazy loading bring in a
 * handful of the 1 MiB program's pages where eager loading brings all,
 * and fault-around map the cached text pages beside a fault, never past
 * its segment nor a page another segment shares.
 * A lazily loaded program's file deleted or replaced while it runs keeps
 * its clusters for it (on FAT: an orphan), and no page is lost, also
 * when a program is killed mid-way.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "fsutil.h"
#include "syscall.h"


static const char *const mode_names[] = { [LOADER_EAGER] = "eager", [LOADER_LAZY] = "lazy" };

/* Starts path with argument arg, loaded in the given mode. */
static pid_t
start(int mode, const char *path, const char *arg)
{
	char *argv[] = { (char *)path, (char *)arg, NULL };

	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		loader_mode(mode);
		execve(path, argv, environ);
		_exit(127);
	}
	return pid;
}

/* Waits for pid; its wait status, its figures in *ls and rusage in *ru. */
static int
reap(pid_t pid, struct loadstat *ls, struct rusage *ru)
{
	struct loadstat before, after;
	int status = -1;

	loadstat(LOADSTAT_CHILDREN, &before);
	if (wait4(pid, &status, 0, ru) != pid) {
		printf("FAIL wait4 %d: %s\n", pid, errno_name(errno));
		fail();
	}
	loadstat(LOADSTAT_CHILDREN, &after);
	ls->faults = after.faults - before.faults;
	ls->file_pages = after.file_pages - before.file_pages;
	ls->zero_pages = after.zero_pages - before.zero_pages;
	ls->untouched_pages = after.untouched_pages - before.untouched_pages;
	ls->major_faults = after.major_faults - before.major_faults;
	ls->around_pages = after.around_pages - before.around_pages;
	return status;
}

/* How a wait status reads in the output: "exit N" or "signal N". */
static long
outcome(int status)
{
	return WIFSIGNALED(status) ? 1000 + WTERMSIG(status) : WEXITSTATUS(status);
}

static void
probe(int mode, const char *arg, long want, const char *what)
{
	struct loadstat ls;
	struct rusage ru;
	char label[96];

	int status = reap(start(mode, "/testbin/lazyprobe", arg), &ls, &ru);
	snprintf(label, sizeof label, "%s, %s (1000 + signal)", what, mode_names[mode]);
	check_long(label, outcome(status), want);
}

static void
probes(int mode)
{
	probe(mode, "d", 0, "last file page, bss after it");
	probe(mode, "w", 1000 + SIGSEGV, "write to read-only data");
	probe(mode, "x", 1000 + SIGSEGV, "jump into data");
	probe(mode, "b", 1000 + SIGSEGV, "read above the end of bss");
	probe(mode, "f", 0, "fork, child reads untouched pages");

	struct loadstat ls;
	struct rusage ru;
	char label[64];
	int status = reap(start(mode, "/testbin/sharedpage", NULL), &ls, &ru);
	snprintf(label, sizeof label, "sharedpage, %s", mode_names[mode]);
	check_long(label, outcome(status), 0);
	/* fault-around at its first page reaches the end of its text
	 * segment, whose other page the data segment shares: not mapped */
	if (mode == LOADER_LAZY)
		check_long("sharedpage, lazy: pages mapped around faults", ls.around_pages, 0);
}

/* The 1 MiB program touches one byte of each half: 2 pages and no more. */
static void
big_program(void)
{
	struct loadstat eager, lazy;
	struct rusage ru;

	check_long("big1m eager", outcome(reap(start(LOADER_EAGER, "/testbin/big1m", NULL), &eager, &ru)), 0);
	check_long("big1m eager: pages loaded from the file >= 256", eager.file_pages >= 256, 1);
	check_long("big1m eager: untouched pages >= 250", eager.untouched_pages >= 250, 1);
	check_long("big1m eager: page faults", eager.faults, 0);

	check_long("big1m lazy", outcome(reap(start(LOADER_LAZY, "/testbin/big1m", NULL), &lazy, &ru)), 0);
	check_long("big1m lazy: pages loaded from the file <= 4", lazy.file_pages <= 4, 1);
	check_long("big1m lazy: untouched pages >= 250", lazy.untouched_pages >= 250, 1);
	check_long("big1m lazy: page faults == pages loaded", lazy.faults, lazy.file_pages + lazy.zero_pages);
	check_long("big1m lazy: rusage minflt + majflt == page faults", ru.ru_minflt + ru.ru_majflt,
		   lazy.faults);
	/* its text is cached (the eager run): the fault on its first page
	 * (its code, and the byte it reads) maps the rest of that 64 KiB
	 * too; the fault on its data page maps none (a writable segment) */
	check_long("big1m lazy: pages mapped around faults", lazy.around_pages, 15);
}

/* A running lazy program's file unlinked, another replaced by a rename;
 * kills free it all. */
static void
busy_and_killed(void)
{
	struct loadstat ls;
	struct rusage ru;
	struct timespec tick = { 0, 50 * 1000 * 1000 };

	check_long("copy lazyprobe", copy_file("/testbin/lazyprobe", "/lazy.tmp"), 0);
	pid_t pid = start(LOADER_LAZY, "/lazy.tmp", "p");
	nanosleep(&tick, NULL);	/* it has touched its pages and sleeps */
	check_long("unlink of a running lazily loaded program", unlink("/lazy.tmp"), 0);
	check_long("copy it again", copy_file("/testbin/lazyprobe", "/lazy.tmp"), 0);
	pid_t pid2 = start(LOADER_LAZY, "/lazy.tmp", "p");
	nanosleep(&tick, NULL);
	check_errno("open it for writing", open("/lazy.tmp", O_WRONLY), ETXTBSY);
	check_long("copy another file", copy_file("/testbin/sharedpage", "/lazy2.tmp"), 0);
	check_long("rename another file over it", rename("/lazy2.tmp", "/lazy.tmp"), 0);
	kill(pid, SIGKILL);
	check_long("killed mid-way (1000 + signal)", outcome(reap(pid, &ls, &ru)), 1000 + SIGKILL);
	kill(pid2, SIGKILL);
	check_long("the other too", outcome(reap(pid2, &ls, &ru)), 1000 + SIGKILL);
	check_long("unlink the file renamed over it", unlink("/lazy.tmp"), 0);
}

/* A program open for writing cannot be exec'd, in either mode. */
static void
open_for_writing(int mode)
{
	struct loadstat ls;
	struct rusage ru;
	char label[64];

	copy_file("/testbin/lazyprobe", "/lazy.tmp");
	int fd = open("/lazy.tmp", O_WRONLY);
	snprintf(label, sizeof label, "exec while open for writing, %s (exit 127)", mode_names[mode]);
	check_long(label, outcome(reap(start(mode, "/lazy.tmp", "d"), &ls, &ru)), 127);
	close(fd);
	snprintf(label, sizeof label, "exec once closed, %s", mode_names[mode]);
	check_long(label, outcome(reap(start(mode, "/lazy.tmp", "d"), &ls, &ru)), 0);
	unlink("/lazy.tmp");
}

int
main(int argc, char **argv)
{
	(void)argc;
	steady_pages(argv);
	long baseline = free_pages();

	probes(LOADER_EAGER);
	probes(LOADER_LAZY);
	big_program();
	busy_and_killed();
	open_for_writing(LOADER_EAGER);
	open_for_writing(LOADER_LAZY);
	check_long("free pages after every program minus before", free_pages() - baseline, 0);
	printf("lazy: ok\n");
	return 0;
}
