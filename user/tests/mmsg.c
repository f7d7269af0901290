/*
 * mmsg: sendmmsg(2) and recvmmsg(2) as Linux 6.1 gives them, over
 * AF_UNIX socket pairs. Datagrams sent and received a batch at a time,
 * each count in its msg_len; a receive that runs out of messages with
 * MSG_DONTWAIT gives those it got; MSG_WAITFORONE; a stream's bytes in
 * one entry; a count of 2^32, which is 0 (the count is 32-bit). The
 * errors: a bad descriptor, a pipe (ENOTSOCK), a bad vector (EFAULT,
 * only if nothing moved), MSG_CMSG_COMPAT (EINVAL, before the
 * descriptor), nothing queued with MSG_DONTWAIT (EAGAIN). recvmmsg's
 * timeout and a vector that runs into a hole are mmsgedge's.
 */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "rawerr.h"
#include "syscall.h"

#define N 4
#define COMPAT 0x80000000u

static char bufs[N][16];
static struct iovec iov[N];
static struct mmsghdr mm[N];

static long
smm(int fd, struct mmsghdr *v, unsigned long n, unsigned flags)
{
	return syscall4(SYS_sendmmsg, fd, (long)v, n, flags);
}

static long
rmm(int fd, struct mmsghdr *v, unsigned long n, unsigned flags, struct timespec *t)
{
	return syscall5(SYS_recvmmsg, fd, (long)v, n, flags, (long)t);
}

/* mm[i] sends or receives bufs[i]: "a", "bb", "ccc", ... for a send. */
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
		mm[i].msg_len = 99;
	}
	return mm;
}

int
main(void)
{
	int s[2], st[2], p[2];

	socketpair(AF_UNIX, SOCK_DGRAM, 0, s);
	socketpair(AF_UNIX, SOCK_STREAM, 0, st);
	pipe(p);

	check_long("sendmmsg of 3", smm(s[0], entries(1), 3, 0), 3);
	check_long("the third's msg_len", mm[2].msg_len, 3);
	check_long("the fourth's untouched", mm[3].msg_len, 99);
	check_long("recvmmsg of up to 4, MSG_DONTWAIT", rmm(s[1], entries(0), 4, MSG_DONTWAIT, 0), 3);
	check_long("the first's msg_len", mm[0].msg_len, 1);
	check_str("the second message", bufs[1], "bb");
	check_str("the third message", bufs[2], "ccc");
	check_err("nothing queued, MSG_DONTWAIT", rmm(s[1], entries(0), 4, MSG_DONTWAIT, 0), 11);

	smm(s[0], entries(1), 2, 0);
	check_long("MSG_WAITFORONE: the two queued", rmm(s[1], entries(0), 4, MSG_WAITFORONE, 0), 2);
	check_str("the first", bufs[0], "a");

	check_long("sendmmsg to a stream", smm(st[0], entries(1), 3, 0), 3);
	check_long("a stream's bytes in one entry", rmm(st[1], entries(0), 3, MSG_DONTWAIT, 0), 1);
	check_str("all six", bufs[0], "abbccc");
	check_long("its msg_len", mm[0].msg_len, 6);

	check_long("a count of 2^32: none", smm(s[0], entries(1), 1UL << 32, 0), 0);
	check_long("sendmmsg of 0", smm(s[0], entries(1), 0, 0), 0);
	check_long("recvmmsg of 0", rmm(s[1], entries(0), 0, 0, 0), 0);

	check_err("sendmmsg, a bad descriptor", smm(99, entries(1), 1, 0), 9);
	check_err("recvmmsg, a bad descriptor", rmm(99, entries(0), 1, 0, 0), 9);
	check_err("sendmmsg, a pipe", smm(p[1], entries(1), 1, 0), 88);
	check_err("recvmmsg, a pipe", rmm(p[0], entries(0), 1, 0, 0), 88);
	check_err("sendmmsg, a bad vector", smm(s[0], (struct mmsghdr *)8, 2, 0), 14);
	check_err("recvmmsg, a bad vector", rmm(s[1], (struct mmsghdr *)8, 2, MSG_DONTWAIT, 0), 14);
	check_err("sendmmsg, MSG_CMSG_COMPAT", smm(s[0], entries(1), 1, COMPAT), 22);
	check_err("recvmmsg, MSG_CMSG_COMPAT", rmm(s[1], entries(0), 1, COMPAT, 0), 22);
	check_err("MSG_CMSG_COMPAT, a bad descriptor", smm(99, entries(1), 1, COMPAT), 22);
	return 0;
}
