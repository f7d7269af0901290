/*
 * tmpfile: open(2)'s O_TMPFILE, as Linux's: in tmpfs an unnamed file
 * (written and read back, st_nlink 0, no entry in the directory, gone
 * with its last close); EINVAL without write access, with O_CREAT;
 * ENOTDIR, ENOENT for the path; EOPNOTSUPP where the type keeps no such
 * file: procfs, and FAT (Linux's vfat says the same), checked on "/"
 * when it is FAT, else it must work there. The output is Linux's
 * (run-host.sh compares).
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "syscall.h"

#define L_O_TMPFILE (020000000 | 0200000)	/* picolibc has none */
#define L_O_CREAT 0100
#define L_AT_FDCWD (-100)
#define MSDOS_SUPER_MAGIC 0x4d44

struct lstatfs {		/* Linux's struct statfs on riscv64 */
	long f_type, f_bsize;
	unsigned long f_blocks, f_bfree, f_bavail, f_files, f_ffree;
	int f_fsid[2];
	long f_namelen, f_frsize, f_flags, f_spare[4];
};

static long
tmpfile_in(const char *dir, int flags)
{
	return sysret(syscall4(SYS_openat, L_AT_FDCWD, (long)dir, L_O_TMPFILE | flags, 0600));
}

/* Entries of dir besides "." and "..". */
static int
entries(const char *dir)
{
	char buf[4096];
	int fd = open(dir, O_RDONLY), n = 0;
	long got;

	while ((got = syscall3(SYS_getdents64, fd, (long)buf, sizeof buf)) > 0)
		for (long at = 0; at < got;) {
			uint16_t reclen = *(uint16_t *)(buf + at + 16);
			const char *name = buf + at + 19;
			n += strcmp(name, ".") && strcmp(name, "..");
			at += reclen;
		}
	close(fd);
	return n;
}

int
main(void)
{
	char buf[8] = "";
	struct stat st;

	mkdir("/tmp/tmpfile.d", 0755);
	long fd = tmpfile_in("/tmp/tmpfile.d", O_RDWR);
	check_long("O_TMPFILE|O_RDWR in tmpfs", fd >= 0, 1);
	check_long("write", write(fd, "unnamed", 7), 7);
	check_long("pread", pread(fd, buf, 7, 0), 7);
	check_long("  as written", memcmp(buf, "unnamed", 7), 0);
	check_long("fstat: a regular file", (fstat(fd, &st), S_ISREG(st.st_mode)), 1);
	check_long("fstat: links", st.st_nlink, 0);
	check_long("fstat: its mode", st.st_mode & 0777, 0600);
	check_long("entries in the directory", entries("/tmp/tmpfile.d"), 0);
	close(fd);
	fd = tmpfile_in("/tmp/tmpfile.d", O_WRONLY);
	check_long("O_TMPFILE|O_WRONLY", fd >= 0, 1);
	close(fd);
	check_long("entries after the closes", entries("/tmp/tmpfile.d"), 0);
	check_long("rmdir the directory", rmdir("/tmp/tmpfile.d"), 0);
	check_errno("O_TMPFILE|O_RDONLY", tmpfile_in("/tmp", O_RDONLY), EINVAL);
	check_errno("O_TMPFILE|O_CREAT", tmpfile_in("/tmp", O_RDWR | L_O_CREAT), EINVAL);
	check_errno("O_TMPFILE in a missing directory", tmpfile_in("/tmp/nothere", O_RDWR), ENOENT);
	close(open("/tmp/tmpfile.f", O_CREAT | O_WRONLY, 0644));
	check_errno("O_TMPFILE on a file", tmpfile_in("/tmp/tmpfile.f", O_RDWR), ENOTDIR);
	unlink("/tmp/tmpfile.f");
	check_errno("O_TMPFILE in /proc", tmpfile_in("/proc", O_RDWR), 95 /* EOPNOTSUPP */);

	struct lstatfs sf;
	syscall2(SYS_statfs, (long)"/", (long)&sf);
	fd = tmpfile_in("/", O_RDWR);
	int fat = sf.f_type == MSDOS_SUPER_MAGIC;
	printf("O_TMPFILE in / as its type allows (FAT: EOPNOTSUPP): %s\n",
	       fat ? (fd == -1 && errno == 95 ? "yes" : "no") : (fd >= 0 ? "yes" : "no"));
	if (fd >= 0)
		close(fd);
	printf("tmpfile done\n");
	return 0;
}
