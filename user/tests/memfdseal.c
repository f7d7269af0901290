/*
 * memfdseal: memfd seals (fcntl F_ADD_SEALS, F_GET_SEALS) as Linux's
 * mm/memfd.c has them. Which files take seals (a memfd made with
 * MFD_ALLOW_SEALING; one without starts with F_SEAL_SEAL, as does every
 * tmpfs file; a FAT file, /dev/null and a pipe have none: EINVAL), the
 * checks' order (a descriptor not open for writing: EPERM; unknown
 * bits: EINVAL; after F_SEAL_SEAL: EPERM), and what each seal forbids:
 * SHRINK and GROW (ftruncate, writes past the end, a write that crosses
 * it cut short), WRITE (EBUSY while a shared mapping may write, a
 * forked child's too; then write, pwrite and shared writable mmap are
 * EPERM and a read-only one cannot be mprotect'ed writable, while
 * ftruncate and private mappings still work), FUTURE_WRITE (the shared
 * mappings made before keep writing, and may still be made writable;
 * new ones may not). Seals live on the file: a dup and a descriptor
 * opened again through /proc/self/fd see them. The same lines under
 * Linux (qemu-riscv64, user/tests/run-host.sh).
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "check.h"
#include "syscall.h"

#define SYS_memfd_create_ 279
#define MFD_ALLOW_SEALING_ 2
#define F_ADD_SEALS_ 1033
#define F_GET_SEALS_ 1034
#define SEAL_SEAL 0x1
#define SEAL_SHRINK 0x2
#define SEAL_GROW 0x4
#define SEAL_WRITE 0x8
#define SEAL_FUTURE_WRITE 0x10
#define SEAL_UNKNOWN 0x100	/* no seal has this bit (0x20 is Linux 6.3's F_SEAL_EXEC) */
#define PG 4096

static int
new_memfd(const char *name, int flags, long size)
{
	int fd = as_libc(syscall2(SYS_memfd_create_, (long)name, flags));

	if (fd < 0 || ftruncate(fd, size) < 0) {
		printf("FAIL memfd_create %s: %s\n", name, errno_name(errno));
		fail();
	}
	return fd;
}

static long add(int fd, long seals) { return fcntl(fd, F_ADD_SEALS_, seals); }
static long get(int fd) { return fcntl(fd, F_GET_SEALS_); }

static void *
map(int fd, int prot, int flags)
{
	return mmap(NULL, PG, prot, flags, fd, 0);
}

/* Files without seals, and the order of add's checks. */
static void
which_files(void)
{
	char buf[8] = "x";
	int unsealable = new_memfd("plain", 0, 0);

	check_long("memfd without MFD_ALLOW_SEALING: F_GET_SEALS", get(unsealable), SEAL_SEAL);
	check_errno("  F_ADD_SEALS GROW", add(unsealable, SEAL_GROW), EPERM);
	check_errno("  F_ADD_SEALS unknown bit", add(unsealable, SEAL_UNKNOWN), EINVAL);
	check_long("  still writable", write(unsealable, buf, 1), 1);
	close(unsealable);

	int fat = open("/memfdseal.tmp", O_RDWR | O_CREAT | O_TRUNC, 0644);
	check_errno("a file on / (not tmpfs): F_ADD_SEALS", add(fat, 0), EINVAL);
	check_errno("  F_GET_SEALS", get(fat), EINVAL);
	close(fat);
	unlink("/memfdseal.tmp");
	int tmp = open("/tmp/memfdseal.tmp", O_RDWR | O_CREAT | O_TRUNC, 0644);
	check_long("a tmpfs file: F_GET_SEALS (shmem's F_SEAL_SEAL)", get(tmp), SEAL_SEAL);
	check_errno("  F_ADD_SEALS", add(tmp, 0), EPERM);
	close(tmp);
	unlink("/tmp/memfdseal.tmp");
	int null = open("/dev/null", O_RDWR);
	check_errno("/dev/null: F_ADD_SEALS", add(null, 0), EINVAL);
	close(null);
	int p[2];
	check_long("pipe", pipe(p), 0);
	check_errno("  read end: F_ADD_SEALS (not open for writing)", add(p[0], 0), EPERM);
	check_errno("  write end: F_ADD_SEALS", add(p[1], 0), EINVAL);
	check_errno("  F_GET_SEALS", get(p[1]), EINVAL);
	close(p[0]);
	close(p[1]);
}

/* SHRINK and GROW; a read-only descriptor and a dup see the seals. */
static void
size_seals(void)
{
	char buf[200] = { 0 }, path[32];
	int fd = new_memfd("size", MFD_ALLOW_SEALING_, PG);

	check_long("memfd with MFD_ALLOW_SEALING: F_GET_SEALS", get(fd), 0);
	check_long("F_ADD_SEALS SHRINK", add(fd, SEAL_SHRINK), 0);
	check_errno("  ftruncate smaller", ftruncate(fd, 10), EPERM);
	check_long("  ftruncate larger", ftruncate(fd, 2 * PG), 0);
	check_long("  write past the end", pwrite(fd, buf, 100, 2 * PG), 100);
	check_long("F_ADD_SEALS GROW", add(fd, SEAL_GROW), 0);
	check_long("  F_GET_SEALS", get(fd), SEAL_SHRINK | SEAL_GROW);
	check_errno("  ftruncate larger", ftruncate(fd, 3 * PG), EPERM);
	check_long("  ftruncate to its size", ftruncate(fd, 2 * PG + 100), 0);
	check_long("  pwrite inside", pwrite(fd, buf, 100, 10), 100);
	check_errno("  pwrite at the end", pwrite(fd, buf, 1, 2 * PG + 100), EPERM);
	check_errno("  pwrite across the end, in its last page", pwrite(fd, buf, 100, 2 * PG + 50),
		    EPERM);
	check_long("  pwrite across the end from the page before: cut at the page",
		   pwrite(fd, buf, sizeof(buf), 2 * PG - 40), 40);
	check_long("  lseek to the end", lseek(fd, 0, SEEK_END), 2 * PG + 100);
	check_errno("  write at the end", write(fd, buf, 1), EPERM);

	int dup_fd = dup(fd);
	check_long("a dup: F_GET_SEALS", get(dup_fd), SEAL_SHRINK | SEAL_GROW);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	int ro = open(path, O_RDONLY);
	check_long("opened again read-only: F_GET_SEALS", get(ro), SEAL_SHRINK | SEAL_GROW);
	check_errno("  F_ADD_SEALS (not open for writing)", add(ro, SEAL_WRITE), EPERM);
	check_errno("  F_ADD_SEALS unknown bit (not open for writing first)", add(ro, SEAL_UNKNOWN),
		    EPERM);
	check_long("F_ADD_SEALS SEAL through the dup", add(dup_fd, SEAL_SEAL), 0);
	check_errno("  F_ADD_SEALS nothing", add(fd, 0), EPERM);
	check_errno("  F_ADD_SEALS WRITE", add(fd, SEAL_WRITE), EPERM);
	check_errno("  F_ADD_SEALS unknown bit (checked before SEAL)", add(fd, SEAL_UNKNOWN), EINVAL);
	check_long("  F_GET_SEALS", get(ro), SEAL_SEAL | SEAL_SHRINK | SEAL_GROW);
	close(ro);
	close(dup_fd);
	close(fd);
}

/* F_SEAL_WRITE is refused while a shared mapping may write: a child's
 * copy of one counts until the child is gone. */
static void
write_busy(int fd)
{
	char *rw = map(fd, PROT_READ | PROT_WRITE, MAP_SHARED);
	check_long("a shared writable mapping", rw != MAP_FAILED, 1);
	check_errno("  F_ADD_SEALS WRITE", add(fd, SEAL_WRITE), EBUSY);
	int go[2];
	check_long("  a child with a copy of it", pipe(go), 0);
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		read(go[0], &c, 1);	/* until the parent has checked */
		_exit(rw[0] == 'w' ? 0 : 1);
	}
	rw[0] = 'w';
	check_long("  munmap in the parent", munmap(rw, PG), 0);
	check_errno("  F_ADD_SEALS WRITE while the child maps it", add(fd, SEAL_WRITE), EBUSY);
	write(go[1], "g", 1);
	check_long("  the child exits", wait_status(pid), 0);
	close(go[0]);
	close(go[1]);
	char *ro = map(fd, PROT_READ, MAP_SHARED);
	check_errno("  F_ADD_SEALS WRITE with a read-only shared mapping (may be made writable)",
		    add(fd, SEAL_WRITE), EBUSY);
	munmap(ro, PG);
	char *priv = map(fd, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	check_long("  F_ADD_SEALS WRITE with only a private mapping", add(fd, SEAL_WRITE), 0);
	munmap(priv, PG);
}

static void
write_seal(void)
{
	char buf[4] = "abc";
	int fd = new_memfd("write", MFD_ALLOW_SEALING_, PG);

	check_long("pwrite before the seal", pwrite(fd, buf, 3, 0), 3);
	write_busy(fd);
	check_long("  F_ADD_SEALS WRITE again", add(fd, SEAL_WRITE), 0);
	check_errno("  write", write(fd, buf, 1), EPERM);
	check_errno("  pwrite", pwrite(fd, buf, 1, 0), EPERM);
	check_errno("  shared writable mmap", (long)map(fd, PROT_READ | PROT_WRITE, MAP_SHARED),
		    EPERM);
	char *ro = map(fd, PROT_READ, MAP_SHARED);
	check_long("  shared read-only mmap", ro != MAP_FAILED && ro[0] == 'w', 1);
	check_errno("  mprotect it writable", mprotect(ro, PG, PROT_READ | PROT_WRITE), EACCES);
	char *priv = map(fd, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	check_long("  private writable mmap", priv != MAP_FAILED, 1);
	priv[0] = 'z';
	check_long("  its store stays private", ro[0], 'w');
	check_long("  ftruncate larger (SHRINK and GROW are other seals)", ftruncate(fd, 2 * PG), 0);
	check_long("  ftruncate smaller", ftruncate(fd, PG), 0);
	munmap(ro, PG);
	munmap(priv, PG);
	close(fd);
}

static void
future_write_seal(void)
{
	char c = 'f';
	int fd = new_memfd("future", MFD_ALLOW_SEALING_, PG);
	char *rw = map(fd, PROT_READ | PROT_WRITE, MAP_SHARED);
	char *ro = map(fd, PROT_READ, MAP_SHARED);

	check_long("F_ADD_SEALS FUTURE_WRITE with shared mappings", add(fd, SEAL_FUTURE_WRITE), 0);
	rw[1] = 'm';
	check_long("  the writable mapping made before still writes", pread(fd, &c, 1, 1) == 1 && c == 'm', 1);
	check_long("  the read-only one made before may be made writable",
		   mprotect(ro, PG, PROT_READ | PROT_WRITE), 0);
	check_errno("  write", write(fd, &c, 1), EPERM);
	check_errno("  shared writable mmap", (long)map(fd, PROT_READ | PROT_WRITE, MAP_SHARED),
		    EPERM);
	char *ro2 = map(fd, PROT_READ, MAP_SHARED);
	check_long("  shared read-only mmap", ro2 != MAP_FAILED && ro2[1] == 'm', 1);
	check_errno("  mprotect it writable", mprotect(ro2, PG, PROT_READ | PROT_WRITE), EACCES);
	check_errno("  F_ADD_SEALS WRITE (the old mappings may write)", add(fd, SEAL_WRITE), EBUSY);
	munmap(rw, PG);
	munmap(ro, PG);
	check_long("  F_ADD_SEALS WRITE once they are gone", add(fd, SEAL_WRITE), 0);
	check_long("  F_GET_SEALS", get(fd), SEAL_WRITE | SEAL_FUTURE_WRITE);
	munmap(ro2, PG);
	close(fd);
}

int
main(void)
{
	which_files();
	size_seals();
	write_seal();
	future_write_seal();
	printf("memfdseal: done\n");
	return 0;
}
