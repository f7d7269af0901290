/*
 * lazypar: several processes fault in the same program's pages at once.
 * Each round starts CHILDREN copies of this program (a fresh copy of its
 * file, so that no page of it is in the text cache at first), loaded
 * lazily, at the same time; each compares every page of its read-only
 * segment, and of an array in its writable one, with the file's bytes,
 * each from another page on, so that on four harts they fault the same
 * pages together:
 * the first round from the file, the later ones from the text cache,
 * with fault-around. Each then writes each writable page and reads it
 * back. No page may be wrong, and none may be lost once the copy is
 * deleted.
 */
#include <elf.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "syscall.h"

#define CHILDREN 4
#define ROUNDS 3
#define COPY "/lazypar.tmp"
#define PG 4096

/* Pages of read-only and of writable bytes, each page's first and last
 * byte telling it from the others. */
#define P(k) [(k) * PG] = (k) + 1, [(k) * PG + PG - 1] = (k) + 101
#define P4(k) P(k), P((k) + 1), P((k) + 2), P((k) + 3)
#define P16(k) P4(k), P4((k) + 4), P4((k) + 8), P4((k) + 12)
#define NPAGES 16	/* of each */
static const unsigned char ro_pages[NPAGES * PG] = { P16(0) };
static unsigned char rw_pages[NPAGES * PG] = { P16(0) };

extern const Elf64_Ehdr __ehdr_start;	/* the linker's: our own ELF header */

/* Whether the page at va of segment ph holds what the file fd says:
 * its file bytes, then zeros (bss). */
static int
page_ok(int fd, const Elf64_Phdr *ph, uint64_t va)
{
	static unsigned char file[PG];
	uint64_t from = va < ph->p_vaddr ? ph->p_vaddr : va;
	uint64_t end = ph->p_vaddr + ph->p_memsz, fend = ph->p_vaddr + ph->p_filesz;
	uint64_t n = (va + PG < end ? va + PG : end) - from;
	uint64_t nfile = from >= fend ? 0 : fend - from < n ? fend - from : n;
	const volatile unsigned char *mem = (const unsigned char *)from;

	if (nfile && pread(fd, file, nfile, ph->p_offset + (from - ph->p_vaddr)) != (long)nfile)
		return 0;
	for (uint64_t i = 0; i < n; i++)
		if (mem[i] != (i < nfile ? file[i] : 0))
			return 0;
	return 1;
}

/* The pages [*lo, *hi) to compare of segment ph: all of a read-only
 * one; of a writable one, those of rw_pages alone (the program's own
 * variables change as it runs). */
static void
pages_to_check(const Elf64_Phdr *ph, uint64_t *lo, uint64_t *hi)
{
	*lo = ph->p_vaddr & ~(uint64_t)(PG - 1);
	*hi = (ph->p_vaddr + ph->p_memsz + PG - 1) & ~(uint64_t)(PG - 1);
	if (ph->p_flags & PF_W) {
		*lo = ((uint64_t)rw_pages + PG - 1) & ~(uint64_t)(PG - 1);
		*hi = ((uint64_t)rw_pages + sizeof rw_pages) & ~(uint64_t)(PG - 1);
	}
}

/* In a child: the pages of each PT_LOAD (pages_to_check), from the
 * start-th on, then a write to each page of rw_pages. Exits 0, or 1
 * naming the wrong page. */
static int
check_self(const char *path, int start)
{
	const Elf64_Phdr *ph = (const void *)((const char *)&__ehdr_start + __ehdr_start.e_phoff);
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return 1;
	for (int i = 0; i < __ehdr_start.e_phnum; i++) {
		uint64_t lo, hi;
		if (ph[i].p_type != PT_LOAD)
			continue;
		pages_to_check(&ph[i], &lo, &hi);
		uint64_t n = (hi - lo) / PG;
		for (uint64_t k = 0; k < n; k++) {
			uint64_t va = lo + (k + start) % n * PG;
			if (!page_ok(fd, &ph[i], va)) {
				printf("FAIL page %#lx of segment %d\n", (unsigned long)va, i);
				return 1;
			}
		}
	}
	for (int k = 0; k < NPAGES; k++)
		rw_pages[k * PG + 1] = (unsigned char)k;
	for (int k = 0; k < NPAGES; k++)
		if (((volatile unsigned char *)rw_pages)[k * PG + 1] != k || ro_pages[k * PG] != k + 1)
			return 1;
	return 0;
}

/* Copies the file from to a new file to, in pieces (it is bigger than
 * copy_file's buffer). */
static long
copy_big(const char *from, const char *to)
{
	static char buf[16 * 1024];
	int in = open(from, O_RDONLY), out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	long n = in < 0 || out < 0 ? -1 : 0;

	while (n == 0 && (n = read(in, buf, sizeof buf)) > 0)
		n = write(out, buf, n) == n ? 0 : -1;
	close(in);
	close(out);
	return n;
}

/* One round: CHILDREN lazy copies at once; how many did not exit 0. */
static int
round_of_children(void)
{
	pid_t pid[CHILDREN];
	int bad = 0;

	fflush(stdout);
	for (int c = 0; c < CHILDREN; c++) {
		char start[8];
		snprintf(start, sizeof start, "%d", c * 7);
		char *argv[] = { COPY, "check", start, NULL };
		if ((pid[c] = fork()) == 0) {
			loader_mode(LOADER_LAZY);
			execve(COPY, argv, environ);
			_exit(127);
		}
	}
	for (int c = 0; c < CHILDREN; c++) {
		int status;
		if (waitpid(pid[c], &status, 0) != pid[c] || !WIFEXITED(status) || WEXITSTATUS(status))
			bad++;
	}
	return bad;
}

int
main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "check") == 0)
		return check_self(argv[0], atoi(argv[2]));
	steady_pages(argv);
	long baseline = free_pages();
	struct loadstat before, after;

	check_long("copy the program", copy_big("/tests/lazypar", COPY), 0);
	for (int r = 0; r < ROUNDS; r++) {
		char label[64];
		loadstat(LOADSTAT_CHILDREN, &before);
		snprintf(label, sizeof label, "round %d: children with a wrong page", r + 1);
		check_long(label, round_of_children(), 0);
		loadstat(LOADSTAT_CHILDREN, &after);
		snprintf(label, sizeof label, "round %d: pages mapped around faults > 0", r + 1);
		if (r > 0)	/* the first round's faults find no page cached */
			check_long(label, after.around_pages > before.around_pages, 1);
	}
	check_long("unlink the copy", unlink(COPY), 0);
	check_long("free pages after every round minus before", free_pages() - baseline, 0);
	printf("lazypar: ok\n");
	return 0;
}
