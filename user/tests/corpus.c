/*
 * corpus [-j N]: execs every file of /corpus, the hostile executables
 * tools/mkcorpus.py makes at build time, and checks each outcome against
 * /corpus/MANIFEST ("NAME ERRNO_NAME" a line, OK for a file that runs).
 *
 * A file expected to fail is execve'd in the worker itself: the failure
 * must come with the expected errno and leave the worker untouched (its
 * memory and its pid; with one worker also the free page count). A file
 * expected to run is execve'd by a forked child with fd 1 closed (hello's
 * output then goes nowhere) and must exit 0.
 *
 * -j N splits the files among N workers running at once. Before each
 * exec a worker sends the file's index to the parent over a pipe, so an
 * exec that wrongly succeeds (the worker becomes that program) is still
 * named, and a new worker goes on after it. At the end, all workers
 * reaped, the free page count must be back where it was.
 * Output: counts per expected errno, "leaked pages = 0", "corpus: ok";
 * a wrong outcome prints a FAIL line and the test exits 1 at the end.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "syscall.h"

#define MAXJOBS 16
#define MAXNAME 48	/* "DD/name", as mkcorpus.py writes it */
#define DONE 0xffffffffu	/* a worker's last message: all checked */

/* The expected outcomes mkcorpus.py writes, in the order printed. */
static const struct { const char *name; int no; } outcomes[] = {
	{ "E2BIG", E2BIG },   { "EACCES", EACCES }, { "EIO", EIO },
	{ "ELIBBAD", ELIBBAD }, { "ENOENT", ENOENT }, { "ENOEXEC", ENOEXEC }, { "ENOMEM", ENOMEM },
	{ "ENOTDIR", ENOTDIR }, { "OK", 0 },
};
#define NOUTCOMES (sizeof outcomes / sizeof outcomes[0])

struct entry {
	char name[MAXNAME];
	int want;	/* index in outcomes */
};

static struct entry *entries;
static int nentries;

/* Reads the whole of path into a NUL-terminated malloc'd buffer. */
static char *
slurp(const char *path)
{
	int fd = open(path, O_RDONLY);
	size_t len = 0, cap = 16384;
	char *buf = malloc(cap + 1);
	ssize_t n;

	if (fd < 0 || !buf)
		return NULL;
	while ((n = read(fd, buf + len, cap - len)) > 0) {
		len += n;
		if (len == cap && !(buf = realloc(buf, (cap *= 2) + 1)))
			return NULL;
	}
	close(fd);
	if (n < 0)
		return NULL;
	buf[len] = 0;
	return buf;
}

/* Parses the manifest into entries; 0, or -1 with the bad line printed. */
static int
parse_manifest(char *text)
{
	int lines = 0;

	for (char *s = text; *s; s++)
		lines += *s == '\n';
	if (!(entries = calloc(lines + 1, sizeof *entries)))
		return -1;
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		char *sp = strchr(line, ' ');
		size_t i;

		if (!sp || sp - line >= MAXNAME) {
			printf("FAIL bad manifest line \"%s\"\n", line);
			return -1;
		}
		for (i = 0; i < NOUTCOMES && strcmp(sp + 1, outcomes[i].name); i++)
			;
		if (i == NOUTCOMES) {
			printf("FAIL unknown outcome in \"%s\"\n", line);
			return -1;
		}
		memcpy(entries[nentries].name, line, sp - line);
		entries[nentries++].want = i;
	}
	return 0;
}

/* Memory a failed exec must not touch: data, bss, stack and heap. */
static unsigned char data_canary[64] = { 1, 2, 3, 4, 5, 6, 7, 8 };
static unsigned char bss_canary[64];
static unsigned char *heap_canary;

static void
fill(unsigned char *p, unsigned seed)
{
	for (int i = 0; i < 64; i++)
		p[i] = (unsigned char)(seed + i * 37);
}

static int
intact(const unsigned char *p, unsigned seed)
{
	for (int i = 0; i < 64; i++)
		if (p[i] != (unsigned char)(seed + i * 37))
			return 0;
	return 1;
}

static char path[sizeof "/corpus/" + MAXNAME];

/* Execs an entry expected to fail, here; 1 if it went wrong. */
static int
expect_failure(const struct entry *e, int alone)
{
	char *argv[] = { (char *)e->name, NULL };
	char *envp[] = { NULL };
	unsigned char stack_canary[64];
	pid_t pid = getpid();
	int want = outcomes[e->want].no;

	fill(stack_canary, 0x5a);
	errno = 0;
	/* a worker shares its parent's pages until it writes them: these
	 * stores, and sysinfo's into the first count's buffer, take their
	 * copies before the count that matters */
	long before = alone ? (free_pages(), free_pages()) : 0;
	long r = execve(path, argv, envp);
	int got = errno;

	if (r != -1 || got != want) {
		printf("FAIL %s: expected %s, got %s\n", e->name, errno_name(want),
		       r == -1 ? errno_name(got) : "a return value");
		return 1;
	}
	if (getpid() != pid || !intact(stack_canary, 0x5a) || !intact(data_canary, 0x11) ||
	    !intact(bss_canary, 0x22) || !intact(heap_canary, 0x33)) {
		printf("FAIL %s: the failed exec changed the caller\n", e->name);
		return 1;
	}
	if (alone && free_pages() != before) {
		printf("FAIL %s: free pages %ld before the failed exec, %ld after\n",
		       e->name, before, free_pages());
		return 1;
	}
	return 0;
}

/* Runs an entry expected to work in a child with fd 1 closed; 1 if wrong. */
static int
expect_success(const struct entry *e)
{
	char *argv[] = { (char *)e->name, NULL };
	char *envp[] = { NULL };
	int status;
	pid_t pid = fork();

	if (pid < 0) {
		printf("FAIL %s: fork: %s\n", e->name, errno_name(errno));
		return 1;
	}
	if (pid == 0) {
		close(1);
		execve(path, argv, envp);
		fprintf(stderr, "FAIL %s: expected OK, got %s\n", e->name, errno_name(errno));
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid) {
		printf("FAIL %s: waitpid: %s\n", e->name, errno_name(errno));
		return 1;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		return 1;	/* the child said why */
	if (WIFEXITED(status))
		printf("FAIL %s: expected OK, got exit status %d\n", e->name, WEXITSTATUS(status));
	else
		printf("FAIL %s: expected OK, got signal %d\n", e->name, WTERMSIG(status));
	return 1;
}

/* Checks entries first, first + jobs, ... as worker k, telling the
 * parent on progress which one it is about to exec; its exit status. */
static int
worker(int k, int first, int jobs, int progress)
{
	int failed = 0;
	unsigned msg[2] = { k, 0 };

	for (int i = first; i < nentries; i += jobs) {
		const struct entry *e = &entries[i];

		msg[1] = i;
		write(progress, msg, sizeof msg);
		snprintf(path, sizeof path, "/corpus/%s", e->name);
		if (outcomes[e->want].no)
			failed |= expect_failure(e, jobs == 1);
		else
			failed |= expect_success(e);
		fflush(stdout);	/* a FAIL line, before an exec may replace us */
	}
	msg[1] = DONE;
	write(progress, msg, sizeof msg);
	return failed;
}

/* Reads exactly n bytes from a pipe; 0 at end of file. */
static int
read_full(int fd, void *buf, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = read(fd, (char *)buf + got, n - got);
		if (r <= 0)
			return 0;
		got += r;
	}
	return 1;
}

/* Where each worker is: the next entry it checks, and whether it is done. */
static int next[MAXJOBS], done[MAXJOBS];

/*
 * One round: starts a worker for each share not done, and waits for all
 * of them. A worker that ends without saying it is done was replaced by
 * an exec that should have failed (or killed): that entry is reported,
 * and the next round goes on after it. 1 if anything failed, -1 if the
 * round could not run at all.
 */
static int
run_round(int jobs)
{
	int fds[2], last[MAXJOBS];
	pid_t pids[MAXJOBS];
	int failed = 0;
	unsigned msg[2];

	if (pipe2(fds, O_CLOEXEC) < 0) {
		printf("FAIL pipe2: %s\n", errno_name(errno));
		return -1;
	}
	for (int k = 0; k < jobs; k++) {
		last[k] = -1;
		pids[k] = 0;
		if (done[k])
			continue;
		if ((pids[k] = fork()) == 0) {
			close(fds[0]);
			_exit(worker(k, next[k], jobs, fds[1]));
		}
		if (pids[k] < 0) {
			printf("FAIL fork: %s\n", errno_name(errno));
			return -1;
		}
	}
	close(fds[1]);
	while (read_full(fds[0], msg, sizeof msg) && msg[0] < (unsigned)jobs) {
		if (msg[1] == DONE)
			done[msg[0]] = 1;
		else
			last[msg[0]] = msg[1];
	}
	close(fds[0]);

	for (int k = 0; k < jobs; k++) {
		int status;

		if (!pids[k])
			continue;
		if (waitpid(pids[k], &status, 0) != pids[k]) {
			printf("FAIL waitpid: %s\n", errno_name(errno));
			return -1;
		}
		if (done[k] && WIFEXITED(status) && WEXITSTATUS(status) <= 1) {
			failed |= WEXITSTATUS(status);
			continue;
		}
		failed = 1;
		if (last[k] < 0) {
			printf("FAIL worker %d ended before its first exec\n", k);
			done[k] = 1;
			continue;
		}
		const struct entry *e = &entries[last[k]];
		if (WIFEXITED(status))
			printf("FAIL %s: expected %s, but the worker ended with status %d\n",
			       e->name, outcomes[e->want].name, WEXITSTATUS(status));
		else
			printf("FAIL %s: expected %s, but the worker was killed by signal %d\n",
			       e->name, outcomes[e->want].name, WTERMSIG(status));
		next[k] = last[k] + jobs;
		done[k] = next[k] >= nentries;
	}
	return failed;
}

int
main(int argc, char *argv[])
{
	int jobs = 1;
	char *manifest;

	if (argc == 3 && strcmp(argv[1], "-j") == 0)
		jobs = atoi(argv[2]);
	if ((argc != 1 && argc != 3) || jobs < 1 || jobs > MAXJOBS) {
		fprintf(stderr, "usage: corpus [-j N] (1 <= N <= %d)\n", MAXJOBS);
		return 2;
	}
	/* The manifest's answers are for the fixed layout (its files sit at
	 * the edges of the user range that randomization would move), and
	 * the leak count wants this process's own pages steady. */
	steady_pages(argv);
	if (!(manifest = slurp("/corpus/MANIFEST")) || parse_manifest(manifest) < 0) {
		printf("FAIL cannot read /corpus/MANIFEST\n");
		return 1;
	}
	free(manifest);
	heap_canary = malloc(64);
	fill(data_canary, 0x11);
	fill(bss_canary, 0x22);
	fill(heap_canary, 0x33);

	/* Warm-up: one failed exec and one fork, so anything either
	 * allocates once for good is taken before the baseline. */
	char *noargs[] = { "MANIFEST", NULL };
	execve("/corpus/MANIFEST", noargs, noargs + 1);
	pid_t pid = fork();
	if (pid == 0)
		_exit(0);
	waitpid(pid, NULL, 0);
	long baseline = free_pages();

	int failed = 0;
	for (int k = 0; k < jobs; k++)
		next[k] = k;
	for (;;) {
		int r = run_round(jobs);
		if (r < 0)
			return 1;
		failed |= r;
		int all = 1;
		for (int k = 0; k < jobs; k++)
			all &= done[k];
		if (all)
			break;
	}
	long leaked = baseline - free_pages();

	int count[NOUTCOMES] = { 0 };
	for (int i = 0; i < nentries; i++)
		count[entries[i].want]++;
	printf("corpus: %d files\n", nentries);
	for (size_t i = 0; i < NOUTCOMES; i++)
		if (count[i])
			printf("%s %d\n", outcomes[i].name, count[i]);
	printf("leaked pages = %ld\n", leaked);
	if (leaked)
		failed = 1;
	printf("corpus: %s\n", failed ? "FAILED" : "ok");
	return failed;
}
