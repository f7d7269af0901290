/*
 * sendfile: from a file into a pipe and into another file, with and
 * without an offset argument (which moves; the file's own offset then
 * does not), a count past the end (short), and its errors: a pipe as the
 * source, an O_APPEND target, descriptors not open or open the wrong
 * way, a negative offset. The same binary gives the same lines under
 * Linux (the linux suite).
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "syscall.h"

#define SYS_sendfile 71
#define SRC "/tmp/sendfile.src"
#define DST "/tmp/sendfile.dst"

static long
sendfile(int out, int in, int64_t *off, long n)
{
	return as_libc(syscall4(SYS_sendfile, out, in, (long)off, n));
}

int
main(void)
{
	static char big[10000], back[10000];
	int in = open(SRC, O_RDWR | O_CREAT | O_TRUNC, 0644), p[2];
	int64_t off;

	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = 'a' + i % 26;
	write(in, big, sizeof(big));
	lseek(in, 0, SEEK_SET);

	pipe(p);
	check_long("100 bytes into a pipe", sendfile(p[1], in, NULL, 100), 100);
	check_long("  the file's offset moved", lseek(in, 0, SEEK_CUR), 100);
	check_long("  the pipe holds them", read(p[0], back, sizeof(back)), 100);
	check_long("  the same bytes", memcmp(back, big, 100), 0);

	int out = open(DST, O_RDWR | O_CREAT | O_TRUNC, 0644);
	off = 5000;
	check_long("from offset 5000, 9000 asked: to the end", sendfile(out, in, &off, 9000), 5000);
	check_long("  the offset argument moved to the end", off, 10000);
	check_long("  the file's own offset did not", lseek(in, 0, SEEK_CUR), 100);
	lseek(out, 0, SEEK_SET);
	check_long("  the copy", read(out, back, sizeof(back)), 5000);
	check_long("  the same bytes", memcmp(back, big + 5000, 5000), 0);
	check_long("at the end: 0", sendfile(out, in, &off, 10), 0);

	check_errno("a pipe as the source", sendfile(out, p[0], NULL, 1), EINVAL);
	int app = open(DST, O_WRONLY | O_APPEND);
	check_errno("an O_APPEND target", sendfile(app, in, NULL, 1), EINVAL);
	close(app);
	check_errno("a source not open", sendfile(out, 999, NULL, 1), EBADF);
	check_errno("a target read-only", sendfile(p[0], in, NULL, 1), EBADF);
	off = -1;
	check_errno("a negative offset", sendfile(out, in, &off, 1), EINVAL);
	close(in);
	close(out);
	close(p[0]);
	close(p[1]);
	unlink(SRC);
	unlink(DST);
	printf("sendfile done\n");
	return 0;
}
