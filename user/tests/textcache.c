/*
 * textcache: read-only pages of programs are kept after the programs
 * exit and mapped again by the next exec of the same file. A new user
 * must never see it: a program file rewritten, replaced by rename or
 * deleted and made again runs its new bytes; writing a new file keeps
 * other programs' pages; a new program's pages are kept however many
 * programs ran before; a process that makes a
 * cached page writable writes its own copy, and so does one that writes
 * its initialised data (a copy of the cached file page); when memory runs out the
 * cache gives its pages back; and sysinfo counts those pages as
 * bufferram, so free + bufferram is back where it was after it all.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "fsutil.h"
#include <sys/mman.h>
#include "syscall.h"

#define PAGE 4096UL
#define SELF "/tests/textcache"

/* In the text segment, read-only, on a page of its own; read through a
 * volatile pointer, so that the compiler cannot answer from the
 * initialiser. */
static const char marker_page[PAGE] __attribute__((aligned(PAGE))) = "original";
static const char *volatile marker = marker_page;

/* Initialised data on a page of its own: each exec gets a copy of the
 * file's page from the cache, written by that process alone. */
static char data_page[PAGE] __attribute__((aligned(PAGE))) = "data original";
static char *volatile data_marker = data_page;

static long
run(const char *path, const char *arg)
{
	char *argv[] = { (char *)path, (char *)arg, NULL };
	int status;

	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		execve(path, argv, environ);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static long
buffer_pages(void)
{
	struct sysinfo si;

	sysinfo(&si);
	return (long)si.bufferram;
}

/* The same path holding other bytes each time: true's, then false's. */
static void
file_changes(void)
{
	check_long("copy of true runs", (copy_file("/bin32/true", "/tc.tmp"), run("/tc.tmp", NULL)), 0);
	check_long("run again (from the cache)", run("/tc.tmp", NULL), 0);
	check_long("pages kept after it exits > 0", buffer_pages() > 0, 1);
	check_long("rewritten with false's bytes", (copy_file("/bin32/false", "/tc.tmp"), run("/tc.tmp", NULL)), 1);
	copy_file("/bin32/true", "/tc2.tmp");
	check_long("rename true's copy over it", rename("/tc2.tmp", "/tc.tmp"), 0);
	check_long("runs true's bytes", run("/tc.tmp", NULL), 0);
	check_long("unlink it", unlink("/tc.tmp"), 0);
	check_long("made again with false's bytes", (copy_file("/bin32/false", "/tc.tmp"), run("/tc.tmp", NULL)), 1);
	unlink("/tc.tmp");
}

/* Files without clusters (new or empty ones) have no pages here: writing
 * one, unlinking one or renaming over one keeps every program's pages.
 * Their first cluster, 0, once meant "the whole volume" to the cache. */
static void
empty_files(void)
{
	run("/bin32/true", NULL);
	long kept = buffer_pages();
	check_long("true's pages kept > 0", kept > 0, 1);
	write_file("/tc.new", "new", 3);
	check_long("a new file written: pages kept minus before", buffer_pages() - kept, 0);
	write_file("/tc.empty", "", 0);
	check_long("unlink an empty file", unlink("/tc.empty"), 0);
	check_long("pages kept minus before", buffer_pages() - kept, 0);
	write_file("/tc.empty", "", 0);
	check_long("rename a file over an empty one", rename("/tc.new", "/tc.empty"), 0);
	check_long("pages kept minus before", buffer_pages() - kept, 0);
	unlink("/tc.empty");
}

/* With more programs run than the cache keeps files (64), each still
 * holding pages there, a new program's pages are kept still: the file
 * with the fewest lets go of its pages. They were not, once. */
#define MANY_FILES 66
static void
many_files(void)
{
	char path[32];
	int ran = 0;

	for (int i = 0; i < MANY_FILES; i++) {
		snprintf(path, sizeof path, "/tc%d.tmp", i);
		copy_file("/bin32/true", path);
		ran += run(path, NULL) == 0;
	}
	check_long("copies of true run", ran, MANY_FILES);
	long kept = buffer_pages();
	check_long("then the 256 KiB program", run("/testbin/big256k", NULL), 0);
	check_long("its pages kept (pages kept minus before > 32)", buffer_pages() - kept > 32, 1);
	for (int i = 0; i < MANY_FILES; i++) {
		snprintf(path, sizeof path, "/tc%d.tmp", i);
		unlink(path);
	}
}

/* A child makes marker's page writable and writes it: its own copy. */
static void
private_write(char **argv)
{
	(void)argv;
	check_long("a child writes its copy of the page", run(SELF, "write"), 0);
	check_str("this process still reads", marker, "original");
	check_long("and a new exec reads the original", run(SELF, "read"), 0);
	check_long("a child writes its initialised data", run(SELF, "data"), 0);
	check_long("a new exec reads the data as the file has it", run(SELF, "read"), 0);
	check_long("and again", run(SELF, "read"), 0);
}

/* Memory full of anonymous pages: the cache gives back what it keeps. */
static void
memory_runs_out(void)
{
	enum { CHUNK = 8 << 20, MAXCHUNKS = 24 };	/* 192 MiB: more than RAM */
	static void *chunks[MAXCHUNKS];
	int n = 0;

	run("/bin32/true", NULL);
	check_long("the cache keeps pages", buffer_pages() > 0, 1);
	/* fork shared this process's pages copy-on-write: the first store
	 * to chunks[] must come before memory runs out, or its copy finds
	 * no free page and the kernel kills the process, as Linux's OOM
	 * killer would */
	memset(chunks, 0, sizeof(chunks));
	while (n < MAXCHUNKS) {
		void *p = mmap(NULL, CHUNK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			break;
		chunks[n++] = p;
	}
	check_long("memory ran out before 192 MiB", n < MAXCHUNKS, 1);
	check_long("the cache gave its pages back", buffer_pages(), 0);
	while (n > 0)
		munmap(chunks[--n], CHUNK);
	check_long("programs run again", run("/bin32/true", NULL), 0);
}

int
main(int argc, char **argv)
{
	if (argc > 1) {	/* a child */
		if (argv[1][0] == 'w') {
			char *page = (char *)marker;
			if (mprotect(page, PAGE, PROT_READ | PROT_WRITE) < 0)
				return 2;
			strcpy(page, "written");
			return strcmp(marker, "written") == 0 ? 0 : 3;
		}
		if (argv[1][0] == 'd') {
			if (strcmp(data_marker, "data original") != 0)
				return 5;
			strcpy(data_marker, "data written");
			return 0;
		}
		return strcmp(marker, "original") == 0 && strcmp(data_marker, "data original") == 0 ? 0 : 4;
	}
	steady_pages(argv);
	long baseline = free_pages();
	file_changes();
	empty_files();
	many_files();
	private_write(argv);
	fflush(stdout);
	pid_t pid = fork();	/* its page tables go when it exits */
	if (pid == 0) {
		memory_runs_out();
		fflush(stdout);
		_exit(0);
	}
	int status;
	check_long("the child that filled memory", waitpid(pid, &status, 0) == pid && status == 0, 1);
	check_long("free + cached pages after it all minus before", free_pages() - baseline, 0);
	printf("textcache: ok\n");
	return 0;
}
