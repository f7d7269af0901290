/*
 * fatsharedfull: a MAP_SHARED mapping of a FAT file on a full disk (the
 * grader's bare volume, /dev/vdc: 40 MiB). A FAT file's clusters are all
 * allocated when it grows (ftruncate, write), as Linux's vfat allocates
 * them (fat_cont_expand), so writing a mapping's pages back takes no
 * room: on the full disk the stores, msync(MS_SYNC), fsync and the last
 * close succeed and keep every byte (pread sees them at once), while growing the file fails with
 * ENOSPC and leaves the pages past its end SIGBUS. A store past the end
 * in the last page is not written. The volume mounted again holds the
 * stores; the boot's fsck.fat -n checks it.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsutil.h"
#include "maputil.h"

#define D "/fatfull"
#define PG 4096
#define SIZE (3 * PG - 100)
#define CHUNK 65536

static char chunk[CHUNK];
static char *mapped;	/* what cleanup lets go of, if a check fails first */
static int fd = -1;

/* At exit: the volume emptied and unmounted even if a check failed, so
 * that the tests after this one (mount) find /dev/vdc as it was. Each
 * step may fail: what the test did itself is gone already. */
static void
cleanup(void)
{
	if (mapped)
		munmap(mapped, 4 * PG);
	if (fd >= 0)
		close(fd);
	unlink(D "/fill");
	unlink(D "/f");
	umount2(D, 0);
	rmdir(D);
}

/* Writes the filler until the volume is full: the errno that stopped it. */
static int
fill(void)
{
	int fd = must("create the filler", open(D "/fill", O_CREAT | O_WRONLY, 0644));
	int err = 0;

	memset(chunk, 'f', sizeof chunk);
	while (err == 0)
		if (write(fd, chunk, sizeof chunk) <= 0)
			err = errno;
	close(fd);
	return err;
}

/* The file's bytes as read after a remount: how many are not 'a'. */
static long
bytes_wrong(void)
{
	int fd = must("open f again", open(D "/f", O_RDONLY));
	static char buf[SIZE + 1];
	long n = read(fd, buf, sizeof buf), wrong = 0;

	close(fd);
	check_long("its size after the remount", n, SIZE);
	for (long i = 0; i < n; i++)
		wrong += buf[i] != 'a';
	return wrong;
}

int
main(void)
{
	struct stat st;

	atexit(cleanup);
	must("mkdir " D, mkdir(D, 0755));
	check_long("mount /dev/vdc", mount("/dev/vdc", D, "vfat", 0, NULL), 0);
	fd = must("create f", open(D "/f", O_CREAT | O_RDWR | O_TRUNC, 0644));
	check_long("ftruncate f", ftruncate(fd, SIZE), 0);
	char *m = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	check_long("mmap f shared", m != MAP_FAILED, 1);
	mapped = m;
	check_long("fill the volume: the write that stops", fill(), ENOSPC);

	memset(m, 'a', SIZE);
	m[SIZE + 50] = 'x';	/* past the end, in the last page */
	char c = 0;
	check_long("pread sees a store at once", pread(fd, &c, 1, SIZE - 1), 1);
	check_long("  the byte", c, 'a');
	check_long("msync MS_SYNC on the full disk", msync(m, 4 * PG, MS_SYNC), 0);
	check_long("fsync on the full disk", fsync(fd), 0);
	check_errno("ftruncate f longer", ftruncate(fd, 8 * PG), ENOSPC);
	check_errno("pwrite past its last cluster", pwrite(fd, "y", 1, 4 * PG), ENOSPC);
	check_long("fstat", fstat(fd, &st), 0);
	check_long("  the size stays", st.st_size, SIZE);
	check_long("a load past the end: SIGBUS", in_child(load_byte, m + 3 * PG), 128 + SIGBUS);
	check_long("the stores stay in the mapping", m[0] == 'a' && m[SIZE - 1] == 'a', 1);
	check_long("munmap", munmap(m, 4 * PG), 0);
	mapped = NULL;
	check_long("the last close", close(fd), 0);
	fd = -1;

	check_long("umount", umount2(D, 0), 0);
	check_long("mount /dev/vdc again", mount("/dev/vdc", D, "vfat", 0, NULL), 0);
	check_long("bytes of f not stored", bytes_wrong(), 0);
	check_long("unlink the filler", unlink(D "/fill"), 0);
	check_long("unlink f", unlink(D "/f"), 0);
	check_long("umount", umount2(D, 0), 0);
	check_long("rmdir " D, rmdir(D), 0);
	return 0;
}
