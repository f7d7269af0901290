/*
 * mmsgedge: what of sendmmsg(2) and recvmmsg(2) qemu-riscv64 (7.2)
 * cannot show, which answers them itself: it ignores recvmmsg's
 * timeout, and takes the whole vector at once, where Linux 6.1 reads
 * one entry at a time.
 *
 * A huge count (capped at 1024 for a send, not for a receive) runs
 * into an unmapped page after two entries: the two are moved, and the
 * call gives 2. recvmmsg's timeout as do_recvmmsg keeps it.
 * It is looked at only between messages: it ends the call once it has
 * run out, and what is left of it is written back (one of 0 ends the
 * call after the first message). It is checked before the descriptor:
 * a bad one is EINVAL, or EFAULT, whatever the descriptor.
 */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "rawerr.h"
#include "syscall.h"

#define N 3

static char bufs[N][16];
static struct iovec iov[N];
static struct mmsghdr mm[N];

/* mm[i] sends or receives bufs[i]: "a", "bb", "ccc" for a send. */
static struct mmsghdr *
entries(int send)
{
	memset(mm, 0, sizeof mm);
	for (int i = 0; i < N; i++) {
		memset(bufs[i], 0, sizeof bufs[i]);
		if (send)
			memset(bufs[i], 'a' + i, i + 1);
		iov[i] = (struct iovec){ bufs[i], send ? (size_t)i + 1 : sizeof bufs[i] };
		mm[i].msg_hdr.msg_iov = &iov[i];
		mm[i].msg_hdr.msg_iovlen = 1;
	}
	return mm;
}

static long
rmm(int fd, unsigned flags, struct timespec *t)
{
	return syscall5(SYS_recvmmsg, fd, (long)entries(0), N, flags, (long)t);
}

static void
send3(int fd)
{
	syscall4(SYS_sendmmsg, fd, (long)entries(1), N, 0);
}

int
main(void)
{
	int s[2];
	struct timespec t;

	socketpair(AF_UNIX, SOCK_DGRAM, 0, s);
	/* two entries at the end of a page, the next one unmapped */
	char *pg = mmap(0, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(pg + 4096, 4096);
	struct mmsghdr *end = (struct mmsghdr *)(pg + 4096) - 2;
	memcpy(end, entries(1), 2 * sizeof *end);
	check_long("a count of 2^32 - 1: up to the hole",
		   syscall4(SYS_sendmmsg, s[0], (long)end, 0xffffffffUL, 0), 2);
	check_long("the second's msg_len", end[1].msg_len, 2);
	memcpy(end, entries(0), 2 * sizeof *end);
	check_long("recvmmsg up to the hole",
		   syscall5(SYS_recvmmsg, s[1], (long)end, 0xffffffffUL, 0, 0), 2);
	check_str("the second received", (char *)end[1].msg_hdr.msg_iov->iov_base, "bb");
	check_err("a bad first entry: EFAULT",
		  syscall4(SYS_sendmmsg, s[0], (long)(pg + 4096), 2, 0), 14);

	send3(s[0]);
	t = (struct timespec){ 5, 0 };
	check_long("a timeout of 5 s, 3 queued", rmm(s[1], 0, &t), 3);
	check_long("what is left of it is below 5 s",
		   t.tv_sec * 1000000000L + t.tv_nsec < 5000000000L, 1);
	check_long("and above 4 s", t.tv_sec >= 4, 1);
	send3(s[0]);
	t = (struct timespec){ 0, 0 };
	check_long("a timeout of 0: one message", rmm(s[1], 0, &t), 1);
	check_long("none left", t.tv_sec + t.tv_nsec, 0);
	check_long("the rest stay queued", rmm(s[1], MSG_DONTWAIT, 0), 2);
	check_str("the second sent comes next", bufs[0], "bb");
	t = (struct timespec){ 7, 0 };
	check_err("nothing queued, MSG_DONTWAIT", rmm(s[1], MSG_DONTWAIT, &t), 11);
	check_long("the timeout is not written then", t.tv_sec, 7);

	t = (struct timespec){ 0, 1000000000 };
	check_err("a timeout of 10^9 ns", rmm(s[1], 0, &t), 22);
	check_err("a bad timeout, a bad descriptor", rmm(99, 0, &t), 22);
	t = (struct timespec){ -1, 0 };
	check_err("a negative timeout", rmm(s[1], 0, &t), 22);
	check_err("a bad timeout pointer, a bad descriptor", rmm(99, 0, (struct timespec *)8), 14);
	return 0;
}
