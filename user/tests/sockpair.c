/*
 * sockpair: AF_UNIX socketpair of each type. A stream is a byte stream
 * each way, shutdown gives end of file and EPIPE (SIGPIPE unless
 * MSG_NOSIGNAL); datagrams and seqpackets keep their boundaries, a short
 * read truncates (MSG_TRUNC), MSG_PEEK leaves the message; sendmsg and
 * recvmsg gather and scatter; the socket options a pair has; fstat,
 * /proc/self/fd, poll; SOCK_NONBLOCK and SOCK_CLOEXEC; a forked child
 * on the other end; the errors of bad arguments. The same binary gives
 * the same lines under Linux (the linux suite).
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "rawerr.h"
#include "syscall.h"
#include "linux/socket.h"
#include <sys/uio.h>

#define IN 0x1
#define OUT 0x4
#define HUP 0x10
#define RDHUP 0x2000

struct kpollfd {
	int32_t fd;
	int16_t events, revents;
};

static void
pair(int type, int sv[2])
{
	long r = syscall4(SYS_socketpair, AF_UNIX, type, 0, (long)sv);

	if (r != 0) {
		printf("FAIL socketpair(%d): %s\n", type, ename(r));
		fail();
	}
}

static long
ready(int fd, int events)
{
	struct kpollfd p = { fd, (int16_t)events, 0 };
	struct timespec zero = { 0, 0 };
	long r = syscall5(SYS_ppoll, (long)&p, 1, (long)&zero, 0, 8);

	return r < 0 ? r : p.revents;
}

static long
send_(int fd, const char *s, long n, int flags)
{
	return syscall6(SYS_sendto, fd, (long)s, n, flags, 0, 0);
}

static long
recv_(int fd, char *buf, long n, int flags)
{
	return syscall6(SYS_recvfrom, fd, (long)buf, n, flags, 0, 0);
}

static int
getopt_(int fd, int opt)
{
	int v = -1, len = sizeof v;
	long r = syscall5(SYS_getsockopt, fd, SOL_SOCKET, opt, (long)&v, (long)&len);

	return r < 0 ? (int)r : v;
}

static void
stream(void)
{
	int sv[2];
	char buf[64] = { 0 };
	struct kstat st;

	pair(SOCK_STREAM, sv);
	check_long("stream: a write of 5", write(sv[0], "hello", 5), 5);
	check_long("  the other end reads 5", read(sv[1], buf, sizeof buf), 5);
	check_str("  the bytes", buf, "hello");
	check_long("  and back", write(sv[1], "ab", 2) + read(sv[0], buf, sizeof buf), 4);
	write(sv[0], "abc", 3);
	write(sv[0], "def", 3);
	memset(buf, 0, sizeof buf);
	check_long("two writes, one read: no boundaries", read(sv[1], buf, sizeof buf), 6);
	check_long("fstat", kfstat(sv[0], &st), 0);
	check_long("  S_IFSOCK", (st.st_mode & S_IFMT) == 0140000, 1);
	char path[64], link[64] = { 0 };
	snprintf(path, sizeof path, "/proc/self/fd/%d", sv[0]);
	readlink(path, link, sizeof link - 1);
	check_long("/proc/self/fd names a socket:[N]", strncmp(link, "socket:[", 8), 0);
	long sfs[15] = { 0 };	/* struct statfs: f_type first */
	syscall2(SYS_fstatfs, sv[0], (long)sfs);
	check_long("fstatfs: SOCKFS_MAGIC", sfs[0] == 0x534F434B, 1);
	check_long("SO_TYPE", getopt_(sv[0], SO_TYPE), SOCK_STREAM);
	check_long("SO_ERROR", getopt_(sv[0], SO_ERROR), 0);
	int v = 4096;
	check_long("setsockopt SO_SNDBUF 4096",
		   syscall5(SYS_setsockopt, sv[0], SOL_SOCKET, SO_SNDBUF, (long)&v, sizeof v), 0);
	check_long("  stored doubled", getopt_(sv[0], SO_SNDBUF), 8192);
	check_long("setsockopt SO_RCVBUF 4096",
		   syscall5(SYS_setsockopt, sv[0], SOL_SOCKET, SO_RCVBUF, (long)&v, sizeof v), 0);
	check_long("  stored doubled", getopt_(sv[0], SO_RCVBUF), 8192);
	check_long("poll: empty, writable", ready(sv[0], IN | OUT), OUT);
	write(sv[1], "x", 1);
	check_long("  a byte in: IN too", ready(sv[0], IN | OUT), IN | OUT);
	read(sv[0], buf, 1);
	check_err("lseek", syscall3(SYS_lseek, sv[0], 0, 0), 29);

	check_long("shutdown(SHUT_WR)", syscall2(SYS_shutdown, sv[0], SHUT_WR), 0);
	check_long("  the other end: IN and RDHUP", ready(sv[1], IN | RDHUP), IN | RDHUP);
	check_long("  reads end of file", read(sv[1], buf, sizeof buf), 0);
	check_err("  a send with MSG_NOSIGNAL", send_(sv[0], "y", 1, MSG_NOSIGNAL), 32);
	pid_t pid = fork();
	if (pid == 0) {
		write(sv[0], "y", 1);
		_exit(0);
	}
	check_long("  a write without it: SIGPIPE kills", wait_status(pid), 128 + 13);
	check_long("  the other way still works", write(sv[1], "z", 1), 1);
	check_long("  ", read(sv[0], buf, 1), 1);
	check_long("shutdown(SHUT_RD) of the other end", syscall2(SYS_shutdown, sv[1], SHUT_RD), 0);
	check_long("  one way shut: no HUP", ready(sv[1], IN | RDHUP) & HUP, 0);
	check_long("  and its SHUT_WR", syscall2(SYS_shutdown, sv[1], SHUT_WR), 0);
	check_long("  both ways shut: HUP", ready(sv[1], IN | RDHUP) & HUP, HUP);
	close(sv[1]);
	check_long("the other end closed: read gives end of file", read(sv[0], buf, 1), 0);
	check_long("  poll: IN, RDHUP, HUP", ready(sv[0], IN | RDHUP), IN | RDHUP | HUP);
	close(sv[0]);
}

static void
records(int type, const char *name)
{
	int sv[2];
	char buf[64] = { 0 };

	pair(type, sv);
	printf("%s:\n", name);
	send_(sv[0], "abc", 3, 0);
	send_(sv[0], "defgh", 5, 0);
	check_long("  the first message alone", read(sv[1], buf, sizeof buf), 3);
	check_long("  then the second", read(sv[1], buf, sizeof buf), 5);
	send_(sv[0], "0123456789", 10, 0);
	send_(sv[0], "next", 4, 0);
	memset(buf, 0, sizeof buf);
	check_long("  a read of 4 of 10", read(sv[1], buf, 4), 4);
	check_str("  its bytes", buf, "0123");
	check_long("  the rest is dropped", read(sv[1], buf, sizeof buf), 4);
	send_(sv[0], "0123456789", 10, 0);
	check_long("  MSG_PEEK", recv_(sv[1], buf, 64, MSG_PEEK), 10);
	check_long("  MSG_TRUNC gives the whole length", recv_(sv[1], buf, 2, MSG_TRUNC), 10);
	check_long("  an empty message", send_(sv[0], "", 0, 0), 0);
	check_long("  is read as 0 bytes", read(sv[1], buf, sizeof buf), 0);

	struct iovec out[3] = { { "one ", 4 }, { "two ", 4 }, { "three", 5 } };
	struct msghdr m = { .iov = (long)out, .iovlen = 3 };
	check_long("  sendmsg of 3 iovecs", syscall3(SYS_sendmsg, sv[0], (long)&m, 0), 13);
	char a[5] = { 0 }, b[5] = { 0 };
	struct iovec in[2] = { { a, 4 }, { b, 4 } };
	struct msghdr r = { .iov = (long)in, .iovlen = 2 };
	check_long("  recvmsg into 2 of 4", syscall3(SYS_recvmsg, sv[1], (long)&r, 0), 8);
	check_str("  the first", a, "one ");
	check_str("  the second", b, "two ");
	check_long("  msg_flags MSG_TRUNC", r.flags, MSG_TRUNC);
	check_long("SO_TYPE", getopt_(sv[0], SO_TYPE), type);
	close(sv[0]);
	if (type == SOCK_SEQPACKET)
		check_long("  the other end closed: end of file", read(sv[1], buf, 1), 0);
	close(sv[1]);
}

static void
flags(void)
{
	int sv[2];
	char c;

	pair(SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, sv);
	check_err("SOCK_NONBLOCK: an empty read", read(sv[0], &c, 1) < 0 ? -errno : 0, 11);
	check_long("  O_NONBLOCK in F_GETFL", (syscall2(SYS_fcntl, sv[0], 3) & 04000) != 0, 1);
	check_long("SOCK_CLOEXEC: FD_CLOEXEC", syscall2(SYS_fcntl, sv[1], 1), 1);
	static char big[4096];
	long n = 0, k;
	while ((k = send_(sv[0], big, sizeof big, 0)) > 0)
		n += k;
	check_err("filled: EAGAIN", k, 11);
	check_long("  poll: not writable", ready(sv[0], OUT), 0);
	long got = 0;
	while ((k = recv_(sv[1], big, sizeof big, 0)) > 0)
		got += k;
	check_long("  every byte read back", got == n, 1);
	check_long("  writable again", ready(sv[0], OUT), OUT);
	check_err("MSG_DONTWAIT on a blocking pair", (pair(SOCK_DGRAM, sv), recv_(sv[0], &c, 1, MSG_DONTWAIT)), 11);
	close(sv[0]);
	close(sv[1]);
}

static void
child(void)
{
	int sv[2];
	char buf[32] = { 0 };

	pair(SOCK_STREAM, sv);
	pid_t pid = fork();
	if (pid == 0) {
		close(sv[0]);
		read(sv[1], buf, sizeof buf);
		buf[0] = 'P';
		write(sv[1], buf, strlen(buf));
		_exit(0);
	}
	close(sv[1]);
	write(sv[0], "ping", 4);
	check_long("a child answers", read(sv[0], buf, sizeof buf), 4);
	check_str("  its answer", buf, "Ping");
	check_long("  it exits: end of file", read(sv[0], buf, sizeof buf), 0);
	wait_status(pid);
	close(sv[0]);
}

/* A message of one byte carrying n descriptors. */
static long
send_fds(int sock, const int *fds, int n)
{
	struct { struct cmsghdr h; int fd[4]; } c = { { 16 + 4 * n, SOL_SOCKET, SCM_RIGHTS }, { 0 } };
	struct iovec v = { "r", 1 };
	struct msghdr m = { .iov = (long)&v, .iovlen = 1, .control = (long)&c,
			    .controllen = (16 + 4 * n + 7) & ~7 };

	memcpy(c.fd, fds, n * sizeof(int));
	return syscall3(SYS_sendmsg, sock, (long)&m, 0);
}

/* Receives one byte and up to room bytes of control into *c. */
static long
recv_fds(int sock, void *c, long room, struct msghdr *m, int flags)
{
	static char byte;
	static struct iovec v;

	v = (struct iovec){ &byte, 1 };
	*m = (struct msghdr){ .iov = (long)&v, .iovlen = 1, .control = (long)c, .controllen = room };
	return syscall3(SYS_recvmsg, sock, (long)m, flags);
}

static void
rights(int type, const char *name)
{
	int sv[2], p[2], other[2];
	struct { struct cmsghdr h; int fd[4]; } c;
	struct msghdr m;
	char buf[8] = { 0 };

	printf("SCM_RIGHTS, %s:\n", name);
	pair(type, sv);
	pipe(p);
	check_long("  send a pipe's write end", send_fds(sv[0], &p[1], 1), 1);
	close(p[1]);
	check_long("  recvmsg", recv_fds(sv[1], &c, sizeof c, &m, 0), 1);
	check_long("  cmsg_level SOL_SOCKET", c.h.level, SOL_SOCKET);
	check_long("  cmsg_type SCM_RIGHTS", c.h.type, SCM_RIGHTS);
	check_long("  cmsg_len", (long)c.h.len, 20);
	check_long("  msg_controllen", (long)m.controllen, 24);
	check_long("  msg_flags", m.flags, 0);
	check_long("  the new descriptor writes to the pipe", write(c.fd[0], "via", 3), 3);
	check_long("  ", read(p[0], buf, sizeof buf), 3);
	check_str("  the bytes", buf, "via");
	close(c.fd[0]);

	pipe(other);
	send_fds(sv[0], &other[1], 1);
	close(other[1]);
	check_long("  no room for it", recv_fds(sv[1], &c, 0, &m, 0), 1);
	check_long("  msg_flags MSG_CTRUNC", m.flags, MSG_CTRUNC);
	check_long("  msg_controllen", (long)m.controllen, 0);
	check_long("  so it was closed: the pipe's reader sees end of file", read(other[0], buf, 1), 0);
	close(other[0]);
	send_fds(sv[0], &p[0], 1);
	check_long("  MSG_CMSG_CLOEXEC", recv_fds(sv[1], &c, sizeof c, &m, MSG_CMSG_CLOEXEC), 1);
	check_long("  msg_flags has it", m.flags, MSG_CMSG_CLOEXEC);
	check_long("  FD_CLOEXEC", syscall2(SYS_fcntl, c.fd[0], 1), 1);
	close(c.fd[0]);

	send_fds(sv[0], &p[0], 1);
	check_long("  a read() of a message with a descriptor", read(sv[1], buf, 1), 1);
	check_long("  a recvmsg after it: none left", recv_fds(sv[1], &c, sizeof c, &m, MSG_DONTWAIT), -11);

	int sp[2];
	pair(SOCK_STREAM, sp);
	check_long("  a socket of another pair sent", send_fds(sv[0], &sp[1], 1), 1);
	close(sp[1]);
	recv_fds(sv[1], &c, sizeof c, &m, 0);
	check_long("  works on the other side", write(c.fd[0], "s", 1) + read(sp[0], buf, 1), 2);
	close(c.fd[0]);
	close(sp[0]);

	pid_t pid = fork();
	if (pid == 0) {
		recv_fds(sv[1], &c, sizeof c, &m, 0);
		write(c.fd[0], "kid", 3);
		_exit(0);
	}
	int late[2];
	pipe(late);
	send_fds(sv[0], &late[1], 1);
	close(late[1]);
	memset(buf, 0, sizeof buf);
	check_long("  a child writes to a pipe made after the fork", read(late[0], buf, sizeof buf), 3);
	check_str("  its bytes", buf, "kid");
	check_long("  it exits: end of file", wait_status(pid) + read(late[0], buf, 1), 0);
	close(late[0]);

	int bad = 999;
	check_err("  descriptor 999", send_fds(sv[0], &bad, 1), 9);
	struct { struct cmsghdr h; int fd; } c99 = { { 20, SOL_SOCKET, 99 }, p[0] };
	struct iovec v = { "x", 1 };
	struct msghdr sm = { .iov = (long)&v, .iovlen = 1, .control = (long)&c99, .controllen = 24 };
	check_err("  type 99", syscall3(SYS_sendmsg, sv[0], (long)&sm, 0), 22);
	close(p[0]);
	close(sv[0]);
	close(sv[1]);
}

static void
errors(void)
{
	int sv[2], p[2];
	long v = 0, len = 4;

	check_err("socketpair(AF_INET)", syscall4(SYS_socketpair, AF_INET, SOCK_STREAM, 0, (long)sv), 95);
	check_err("socketpair(4242)", syscall4(SYS_socketpair, 4242, SOCK_STREAM, 0, (long)sv), 97);
	check_err("socket(4242)", syscall3(SYS_socket, 4242, SOCK_STREAM, 0), 97);
	check_err("type 9", syscall4(SYS_socketpair, AF_UNIX, 9, 0, (long)sv), 94);
	check_err("protocol 7", syscall4(SYS_socketpair, AF_UNIX, SOCK_STREAM, 7, (long)sv), 93);
	check_err("sv a bad pointer", syscall4(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, 16), 14);
	pipe(p);
	check_err("shutdown of a pipe", syscall2(SYS_shutdown, p[0], SHUT_RD), 88);
	check_err("shutdown of 999", syscall2(SYS_shutdown, 999, SHUT_RD), 9);
	pair(SOCK_STREAM, sv);
	check_err("shutdown how 7", syscall2(SYS_shutdown, sv[0], 7), 22);
	check_err("getsockopt of an unknown option",
		  syscall5(SYS_getsockopt, sv[0], SOL_SOCKET, 9999, (long)&v, (long)&len), 92);
	check_err("setsockopt with a short value",
		  syscall5(SYS_setsockopt, sv[0], SOL_SOCKET, SO_SNDBUF, (long)&v, 2), 22);
	check_err("send from a bad pointer", send_(sv[0], (char *)16, 4, 0), 14);
	check_err("sendto with an address", syscall6(SYS_sendto, sv[0], (long)"x", 1, 0, (long)&v, 2), 106);
	check_err("sendmsg of a bad msghdr", syscall3(SYS_sendmsg, sv[0], 16, 0), 14);
	close(sv[0]);
	close(sv[1]);
	close(p[0]);
	close(p[1]);
}

int
main(void)
{
	stream();
	records(SOCK_DGRAM, "datagrams");
	records(SOCK_SEQPACKET, "seqpackets");
	flags();
	child();
	rights(SOCK_STREAM, "stream");
	rights(SOCK_DGRAM, "datagrams");
	errors();
	printf("sockpair: done\n");
	return 0;
}
