/*
 * 64-bit and 32-bit processes side by side: a 64-bit parent runs the
 * 32-bit programs in /bin32 (exit statuses, output), a 32-bit shell that
 * runs both classes, a 32-bit program loaded lazily, and a 32-bit
 * program that faults (killed alone, the parent goes on); afterwards
 * every page is back.
 */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "syscall.h"

/* Runs argv, returns its wait status; its stdout in out. */
static int run(char **argv, char *out, int size)
{
	char *envp[] = { "PATH=/bin32", NULL };
	int fds[2], status, n = 0, r;

	pipe(fds);
	pid_t pid = fork();
	if (pid == 0) {
		dup2(fds[1], 1);
		dup2(fds[1], 2);
		execve(argv[0], argv, envp);
		printf("exec %s failed: %s\n", argv[0], errno_name(errno));
		fflush(stdout);
		_exit(127);
	}
	close(fds[1]);
	while (n < size - 1 && (r = read(fds[0], out + n, size - 1 - n)) > 0)
		n += r;
	out[n] = 0;
	close(fds[0]);
	waitpid(pid, &status, 0);
	return status;
}

static void expect(const char *what, char **argv, const char *want_out, int want_exit)
{
	char out[512];
	int st = run(argv, out, sizeof out);

	check_str(what, out, want_out);
	check_long("  exit status", WIFEXITED(st) ? WEXITSTATUS(st) : -1, want_exit);
}

int main(void)
{
	char out[512];

	/* the baseline after a first round of this program's own paths, so
	 * that pages it faults in itself (loaded lazily) are not counted */
	expect("/bin32/echo", (char *[]){ "/bin32/echo", "hello", "from", "rv32", NULL },
	       "hello from rv32\n", 0);
	run((char *[]){ "/bin32/crash", "segv", NULL }, out, sizeof out);
	long base = free_pages();
	expect("/bin32/true", (char *[]){ "/bin32/true", NULL }, "", 0);
	expect("/bin32/false", (char *[]){ "/bin32/false", NULL }, "", 1);
	expect("/bin32/cat of a file", (char *[]){ "/bin32/cat", "/data/notelf.txt", NULL },
	       "This is a plain text file, not an ELF program.\n", 0);
	expect("/bin32/ilp32/echo (soft-float ABI)",
	       (char *[]){ "/bin32/ilp32/echo", "soft", "float", NULL }, "soft float\n", 0);
	expect("/bin32/ilp32/false", (char *[]){ "/bin32/ilp32/false", NULL }, "", 1);
	expect("32-bit sh running both classes",
	       (char *[]){ "/bin32/sh", "-c", "echo one; /bin/echo two; /bin32/echo three | /bin/wc -c; exit 3", NULL },
	       "one\ntwo\n6\n", 3);
	expect("32-bit program loaded lazily",
	       (char *[]){ "/bin/loader", "lazy", "/bin32/sh", "-c", "echo lazy 3", NULL },
	       "lazy 3\n", 0);

	int st = run((char *[]){ "/bin32/crash", "segv", NULL }, out, sizeof out);
	check_long("32-bit crash killed by SIGSEGV", WIFSIGNALED(st) ? WTERMSIG(st) : -1, SIGSEGV);
	long now = free_pages();
	if (now != base) {
		printf("FAIL free pages: expected %ld, got %ld\n", base, now);
		fail();
	}
	printf("ok free pages back to the baseline\n");
	printf("xlen: done\n");
	return 0;
}
