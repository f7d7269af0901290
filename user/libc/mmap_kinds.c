/*
 * Memory through musl: mmap of every kind (anonymous and file, private
 * and shared, fixed, populate), mprotect, mremap, madvise, msync, mincore,
 * munmap, and their errors.
 */
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

#define PG 4096

static sigjmp_buf back;
static volatile int faults;

static void on_segv(int sig)
{
	(void)sig;
	faults++;
	siglongjmp(back, 1);
}

/* Whether writing *p faults. */
static int write_faults(volatile char *p)
{
	int before = faults;

	if (!sigsetjmp(back, 1))
		*p = 1;
	return faults != before;
}

static void anonymous(void)
{
	char *p = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int st;

	CHECK(p != MAP_FAILED);
	SAY("anonymous private starts zeroed", p[0] == 0 && p[3 * PG - 1] == 0);
	p[0] = 'a';
	char *s = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(s != MAP_FAILED);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		p[0] = 'c';
		s[0] = 'c';
		_exit(0);
	}
	CHECK(waitpid(pid, &st, 0) == pid);
	printf("after a child writes: private %c, shared %c\n", p[0], s[0]);

	CHECK(mprotect(p + PG, PG, PROT_READ) == 0);
	printf("write to PROT_READ page faults: %s\n", write_faults(p + PG) ? "yes" : "no");
	CHECK(mprotect(p + PG, PG, PROT_NONE) == 0);
	CHECK(mprotect(p + PG, PG, PROT_READ | PROT_WRITE) == 0);
	printf("after mprotect back: faults %s\n", write_faults(p + PG) ? "yes" : "no");
	CHECK_ERR("mprotect bad prot", mprotect(p, PG, 0x100), EINVAL);

	p[2 * PG] = 'z';
	CHECK(madvise(p + 2 * PG, PG, MADV_DONTNEED) == 0);
	printf("MADV_DONTNEED anonymous page reads back zero: %s\n", p[2 * PG] == 0 ? "yes" : "no");
	CHECK(madvise(p, PG, MADV_WILLNEED) == 0);
	CHECK(madvise(p, PG, MADV_SEQUENTIAL) == 0);

	unsigned char vec[3];
	CHECK(mincore(p, 3 * PG, vec) == 0);
	printf("mincore: first page resident: %s\n", vec[0] & 1 ? "yes" : "no");
	CHECK_ERR("mincore unaligned", mincore(p + 1, PG, vec), EINVAL);

	char *q = mremap(p, 3 * PG, 8 * PG, MREMAP_MAYMOVE);
	CHECK(q != MAP_FAILED);
	printf("mremap grow: old contents kept: %s, new tail zero: %s\n", q[0] == 'a' ? "yes" : "no",
	       q[8 * PG - 1] == 0 ? "yes" : "no");
	q = mremap(q, 8 * PG, 2 * PG, 0);
	CHECK(q != MAP_FAILED);
	printf("mremap shrink in place: kept: %s\n", q[0] == 'a' ? "yes" : "no");
	char *wall = mmap(q + 2 * PG, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CHECK(wall == q + 2 * PG);
	CHECK_ERR("mremap grow blocked, no MAYMOVE", mremap(q, 2 * PG, 4 * PG, 0), ENOMEM);
	CHECK_ERR("mremap bad flags", mremap(q, PG, PG, 0x80), EINVAL);
	CHECK(munmap(q, 3 * PG) == 0);
	CHECK(munmap(q, 3 * PG) == 0);
	printf("munmap twice: ok\n");
	CHECK_ERR("munmap length 0", munmap(q, 0), EINVAL);
	CHECK_ERR("munmap unaligned", munmap(q + 1, PG), EINVAL);
	CHECK(munmap(s, PG) == 0);

	p = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	CHECK(p != MAP_FAILED);
	printf("MAP_POPULATE: ok\n");
	CHECK(munmap(p, 4 * PG) == 0);
	p = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
	CHECK(p != MAP_FAILED && munmap(p, PG) == 0);
	printf("MAP_NORESERVE|MAP_STACK: ok\n");
}

static void files(void)
{
	int fd = open("mmap.f", O_CREAT | O_RDWR | O_TRUNC, 0644), ro;
	char buf[8] = "";

	CHECK(fd >= 0 && ftruncate(fd, 2 * PG) == 0);
	CHECK(pwrite(fd, "file", 4, 0) == 4);
	char *sh = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	char *pr = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	CHECK(sh != MAP_FAILED && pr != MAP_FAILED);
	printf("file mappings read: %.4s %.4s\n", sh, pr);
	pr[0] = 'P';
	sh[PG] = 'S';
	CHECK(msync(sh, 2 * PG, MS_SYNC) == 0);
	CHECK(pread(fd, buf, 1, 0) == 1 && buf[0] == 'f');
	CHECK(pread(fd, buf + 1, 1, PG) == 1);
	printf("private write stays private: %s; shared write in the file: %c\n",
	       buf[0] == 'f' ? "yes" : "no", buf[1]);
	CHECK(pwrite(fd, "W", 1, 1) == 1);
	printf("write(2) seen through the shared map: %c\n", sh[1]);
	CHECK(msync(sh, PG, MS_ASYNC) == 0);
	CHECK(msync(sh, PG, MS_INVALIDATE) == 0);
	CHECK_ERR("msync unaligned", msync(sh + 1, PG, MS_SYNC), EINVAL);
	CHECK_ERR("msync SYNC|ASYNC", msync(sh, PG, MS_SYNC | MS_ASYNC), EINVAL);
	char *off = mmap(NULL, PG, PROT_READ, MAP_SHARED, fd, PG);
	CHECK(off != MAP_FAILED);
	printf("mapping at offset %d reads: %c\n", PG, off[0]);
	CHECK_ERR("mmap unaligned offset", mmap(NULL, PG, PROT_READ, MAP_SHARED, fd, 1), EINVAL);
	CHECK_ERR("mmap length 0", mmap(NULL, 0, PROT_READ, MAP_SHARED, fd, 0), EINVAL);
	CHECK_ERR("mmap bad fd", mmap(NULL, PG, PROT_READ, MAP_SHARED, 99, 0), EBADF);
	CHECK_ERR("mmap neither shared nor private", mmap(NULL, PG, PROT_READ, 0, fd, 0), EINVAL);
	ro = open("mmap.f", O_RDONLY);
	CHECK_ERR("mmap shared writable on O_RDONLY",
		  mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0), EACCES);
	char *rp = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, ro, 0);
	printf("private writable on O_RDONLY: %s\n", rp != MAP_FAILED ? "ok" : errname(errno));
	int p[2];
	CHECK(pipe(p) == 0);
	CHECK_ERR("mmap a pipe", mmap(NULL, PG, PROT_READ, MAP_SHARED, p[0], 0), ENODEV);
	close(p[0]);
	close(p[1]);
	CHECK(munmap(sh, 2 * PG) == 0 && munmap(pr, 2 * PG) == 0 && munmap(off, PG) == 0);
	CHECK(munmap(rp, PG) == 0);
	CHECK(close(ro) == 0 && close(fd) == 0);
	CHECK(unlink("mmap.f") == 0);
}

int main(void)
{
	alarm(30);
	signal(SIGSEGV, on_segv);
	anonymous();
	files();
	return 0;
}
