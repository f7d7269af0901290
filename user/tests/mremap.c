/*
 * mremap: a region shrunk in place, grown in place, moved (MAYMOVE, to
 * room of the kernel's choosing or to new_addr with FIXED) with its
 * contents; a shared anonymous region mapped a second time (old_size 0)
 * and still one set of pages after a move; a private file region grown
 * from the file, a shared one whose growth reaches the file; a page fork
 * shared, moved by the child, unchanged for the parent; and
 * Linux's errors. musl's realloc of a big block comes here. Linux's
 * answers are the same (run-host.sh). A shared anonymous region mapped
 * a second time (old_size 0) and DONTUNMAP, which qemu-user does not do
 * as Linux does, are in mmpages.c.
 */
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "pages.h"

#define FILE_PATH "/tmp/mremap.dat"

static void
in_place(void)
{
	char *a = anon(4, MAP_PRIVATE);

	fill(a, 4, 'a');
	check_long("shrink 4 pages to 2: same address", remap(a, 4 * PG, 2 * PG, 0, 0) == a, 1);
	check_long("shrunk: the tail unmapped", mapped(a + 2 * PG), 0);
	check_long("grow back in place (room after it)", remap(a, 2 * PG, 4 * PG, 0, 0) == a, 1);
	check_long("grown: the first pages kept", wrong(a, 2, 'a'), 0);
	check_long("grown: the new pages zero", a[2 * PG] | a[4 * PG - 1], 0);
	check_errno("grow a part that is not the region's end, no MAYMOVE",
		    (long)remap(a, PG, 2 * PG, 0, 0), ENOMEM);
	munmap(a, 4 * PG);
}

static void
moves(void)
{
	char *c = anon(3, MAP_PRIVATE);

	fill(c, 3, 'c');
	char *n = remap(c, PG, 8 * PG, MREMAP_MAYMOVE, 0);
	check_long("MAYMOVE: moved", n != MAP_FAILED && n != c, 1);
	check_long("moved: the page went with it", wrong(n, 1, 'c'), 0);
	check_long("moved: the rest zero", n[PG] | n[8 * PG - 1], 0);
	check_long("moved: the old page unmapped", mapped(c), 0);
	check_long("moved: the rest of the old region stays", wrong(c + PG, 2, 'd'), 0);

	char *e = anon(4, MAP_PRIVATE);
	fill(e, 4, 'e');
	check_long("FIXED: to new_addr", remap(c + PG, 2 * PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_FIXED,
					      e + PG) == e + PG, 1);
	check_long("FIXED: the pages there", wrong(e + PG, 2, 'd'), 0);
	check_long("FIXED: the target's other pages stay", wrong(e, 1, 'e') + wrong(e + 3 * PG, 1, 'h'), 0);
	check_long("FIXED: the old range unmapped", mapped(c + PG) + mapped(c + 2 * PG), 0);
	check_long("FIXED, shrinking", remap(e + PG, 2 * PG, PG, MREMAP_MAYMOVE | MREMAP_FIXED, c) == c, 1);
	check_long("FIXED, shrinking: the page there", wrong(c, 1, 'd'), 0);
	check_long("FIXED, shrinking: the old range unmapped", mapped(e + PG) + mapped(e + 2 * PG), 0);
	munmap(n, 8 * PG);
	munmap(e, 4 * PG);
	munmap(c, PG);
}

static void
files(void)
{
	char buf[3 * PG];
	int fd = open(FILE_PATH, O_RDWR | O_CREAT | O_TRUNC, 0644);

	fill(buf, 3, 'f');
	check_long("write the file", write(fd, buf, sizeof buf), sizeof buf);
	char *p = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	p[0] = 'P';
	char *q = remap(p, 2 * PG, 3 * PG, MREMAP_MAYMOVE, 0);
	check_long("private file region grown", q != MAP_FAILED, 1);
	check_long("grown: its own store kept", q[0], 'P');
	check_long("grown: the new page is the file's", wrong(q + PG, 2, 'g'), 0);
	munmap(q, 3 * PG);

	char *s = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	char *t = remap(s, PG, 2 * PG, MREMAP_MAYMOVE, 0);
	check_long("shared file region grown", t != MAP_FAILED, 1);
	check_long("grown: the file's second page", t[PG + 1], 'g');
	t[PG + 1] = 'W';
	syscall3(SYS_msync, t, 2 * PG, MS_SYNC);
	char c = 0;
	pread(fd, &c, 1, PG + 1);
	check_long("a store to the growth reaches the file", c, 'W');
	munmap(t, 2 * PG);
	close(fd);
	unlink(FILE_PATH);
}

static void
cow(void)
{
	char *a = anon(2, MAP_PRIVATE);

	fill(a, 2, 'k');
	pid_t pid = fork();
	if (pid == 0) {
		char *b = remap(a, 2 * PG, 3 * PG, MREMAP_MAYMOVE, 0);
		if (b == MAP_FAILED || wrong(b, 2, 'k'))
			_exit(1);
		b[0] = 'Z';
		_exit(0);
	}
	check_long("the child moved the shared pages and wrote one", wait_status(pid), 0);
	check_long("the parent's pages unchanged", wrong(a, 2, 'k'), 0);
	munmap(a, 2 * PG);
}

static void
errors(void)
{
	char *a = anon(4, MAP_PRIVATE);

	check_errno("unaligned old", (long)remap(a + 1, PG, 2 * PG, MREMAP_MAYMOVE, 0), EINVAL);
	check_errno("unknown flags", (long)remap(a, PG, 2 * PG, 8, 0), EINVAL);
	check_errno("FIXED without MAYMOVE", (long)remap(a, PG, PG, MREMAP_FIXED, a + 2 * PG), EINVAL);
	check_errno("FIXED onto itself (overlap)", (long)remap(a, 2 * PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, a + PG), EINVAL);
	check_errno("FIXED, unaligned new_addr", (long)remap(a, PG, PG, MREMAP_MAYMOVE | MREMAP_FIXED, a + 2 * PG + 1), EINVAL);
	munmap(a + 2 * PG, PG);
	check_errno("old range across a hole", (long)remap(a, 4 * PG, 8 * PG, MREMAP_MAYMOVE, 0), EFAULT);
	check_errno("old range not mapped", (long)remap(a + 2 * PG, PG, 2 * PG, MREMAP_MAYMOVE, 0), EFAULT);
	munmap(a, 4 * PG);
}

int
main(void)
{
	in_place();
	moves();
	files();
	cow();
	errors();
	return 0;
}
