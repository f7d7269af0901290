/*
 * fdxleak: thousands of socket pairs (some with bytes and descriptors
 * left in them, SCM_RIGHTS),
 * eventfds, timerfds (armed), signalfds and epolls (watching the others,
 * some edge-triggered, closed in either order), named sockets (a
 * listener with a connection accepted and one pending), and as many calls
 * refused for bad arguments, give back every page: the free page count
 * after a second round equals the count after the first (which brings
 * the kernel's caches to where they stay). A system test: it counts
 * this kernel's pages (run-host skips it).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "syscall.h"
#include "linux/fdkinds.h"
#include "linux/socket.h"
#include <sys/uio.h>

#define ROUNDS 2000

static int bad;

static void
must(const char *what, long r)
{
	if (r < 0 && !bad++)
		printf("FAIL %s: %ld\n", what, r);
}

/* A message of one byte over sock carrying n descriptors. */
static long
send_rights(int sock, const int *fds, int n)
{
	struct { struct cmsghdr h; int fd[2]; } c = { { 16 + 4 * n, SOL_SOCKET, SCM_RIGHTS }, { 0 } };
	struct iovec v = { "r", 1 };
	struct msghdr m = { .iov = (long)&v, .iovlen = 1, .control = (long)&c, .controllen = 24 };

	for (int k = 0; k < n; k++)
		c.fd[k] = fds[k];
	return syscall3(SYS_sendmsg, sock, (long)&m, 0);
}

/* Takes the descriptors of one message and closes them. */
static void
recv_rights(int sock)
{
	struct { struct cmsghdr h; int fd[2]; } c = { { 0, 0, 0 }, { -1, -1 } };
	char byte;
	struct iovec v = { &byte, 1 };
	struct msghdr m = { .iov = (long)&v, .iovlen = 1, .control = (long)&c, .controllen = 24 };

	must("recvmsg", syscall3(SYS_recvmsg, sock, (long)&m, 0));
	for (int k = 0; k < 2; k++)
		if (c.fd[k] >= 0)
			close(c.fd[k]);
}

/* One of each kind, used a little and closed; and the refused calls. */
static void
once(int i)
{
	int sv[2];
	uint64_t one = 1, mask = 1UL << 9;
	struct { struct timespec interval, value; } t = { { 0, 1000000 }, { 1, 0 } };
	struct epoll_event ev = { .events = EPOLLIN | (i % 2 ? EPOLLET : 0) };

	must("socketpair", syscall4(SYS_socketpair, AF_UNIX, i % 3 == 0 ? SOCK_STREAM : SOCK_DGRAM, 0, (long)sv));
	must("send", syscall6(SYS_sendto, sv[0], (long)"bytes", 5, 0, 0, 0));
	int efd = syscall2(SYS_eventfd2, 0, 0);
	must("eventfd", efd);
	must("write", syscall3(SYS_write, efd, (long)&one, 8));
	int tfd = syscall2(SYS_timerfd_create, 1, 0);
	must("timerfd", tfd);
	must("settime", syscall4(SYS_timerfd_settime, tfd, 0, (long)&t, 0));
	int sfd = syscall4(SYS_signalfd4, -1, (long)&mask, 8, 0);
	must("signalfd", sfd);
	int ep = syscall1(SYS_epoll_create1, 0);
	must("epoll", ep);
	/* descriptors in flight: an eventfd and another pair's socket,
	 * received in some rounds and left unread in others; a loop
	 * (a pair's own end) refused */
	int sp[2], carried[2], own = sv[1];
	must("socketpair", syscall4(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, (long)sp));
	carried[0] = efd;
	carried[1] = sp[0];
	must("send rights", send_rights(sv[0], carried, 2));
	send_rights(sv[0], &own, 1);
	if (i % 4 == 0)
		recv_rights(sv[1]);
	close(sp[0]);
	close(sp[1]);
	int fds[] = { sv[0], sv[1], efd, tfd, sfd };
	for (int k = 0; k < 5; k++)
		must("epoll_ctl", syscall4(SYS_epoll_ctl, ep, EPOLL_CTL_ADD, fds[k], (long)&ev));
	struct epoll_event out[8];
	must("epoll_pwait", syscall6(SYS_epoll_pwait, ep, (long)out, 8, 0, 0, 8));

	/* refused: each must leave nothing behind */
	syscall4(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, 16);
	syscall4(SYS_socketpair, AF_UNIX, 9, 0, (long)sv);
	syscall6(SYS_epoll_pwait, ep, 16, 8, 0, 0, 8);
	syscall4(SYS_epoll_ctl, ep, EPOLL_CTL_ADD, ep, (long)&ev);
	syscall4(SYS_timerfd_settime, tfd, 0, 16, 0);
	syscall4(SYS_signalfd4, -1, 16, 8, 0);

	if (i % 2) {	/* the epoll first, or last */
		close(ep);
		for (int k = 0; k < 5; k++)
			close(fds[k]);
	} else {
		for (int k = 0; k < 5; k++)
			close(fds[k]);
		must("epoll_pwait after", syscall6(SYS_epoll_pwait, ep, (long)out, 8, 0, 0, 8));
		close(ep);
	}
}

/* A listener on a path, a connection accepted and one left pending at
 * its close, and connects refused. */
static void
named(int i)
{
	struct sockaddr_un a = { AF_UNIX, "/tmp/fdxleak.sock" };
	long len = 2 + strlen(a.path);
	int l = syscall3(SYS_socket, AF_UNIX, SOCK_STREAM, 0);
	int c1 = syscall3(SYS_socket, AF_UNIX, SOCK_STREAM, 0);
	int c2 = syscall3(SYS_socket, AF_UNIX, SOCK_STREAM, 0);

	unlink(a.path);
	must("bind", syscall3(SYS_bind, l, (long)&a, len));
	syscall3(SYS_connect, c1, (long)&a, len);	/* refused: not listening */
	must("listen", syscall2(SYS_listen, l, 2));
	must("connect", syscall3(SYS_connect, c1, (long)&a, len));
	must("connect", syscall3(SYS_connect, c2, (long)&a, len));
	int acc = syscall3(SYS_accept, l, 0, 0);
	must("accept", acc);
	must("write", syscall3(SYS_write, c1, (long)"x", 1));
	if (i % 2) {
		close(l);
		close(acc);
	} else {
		close(acc);
		close(l);
	}
	close(c1);
	close(c2);

	/* a datagram receiver, and a sender connected to it that outlives it or not */
	struct sockaddr_un d = { AF_UNIX, "/tmp/fdxleak.dgram" };
	long dlen = 2 + strlen(d.path);
	int r = syscall3(SYS_socket, AF_UNIX, SOCK_DGRAM, 0);
	int snd = syscall3(SYS_socket, AF_UNIX, SOCK_DGRAM, 0);
	unlink(d.path);
	must("bind dgram", syscall3(SYS_bind, r, (long)&d, dlen));
	must("connect dgram", syscall3(SYS_connect, snd, (long)&d, dlen));
	must("write dgram", syscall3(SYS_write, snd, (long)"y", 1));
	must("sendto dgram", syscall6(SYS_sendto, snd, (long)"z", 1, 0, (long)&d, dlen));
	if (i % 2) {
		close(r);
		syscall3(SYS_write, snd, (long)"y", 1);	/* refused */
		close(snd);
	} else {
		close(snd);
		close(r);
	}
}

static void
round_(void)
{
	for (int i = 0; i < ROUNDS; i++) {
		once(i);
		named(i);
	}
	unlink("/tmp/fdxleak.sock");
	unlink("/tmp/fdxleak.dgram");
}

int
main(int argc, char **argv)
{
	(void)argc;
	steady_pages(argv);
	round_();
	long before = free_pages();
	round_();
	long after = free_pages();
	check_long("no call failed", bad, 0);
	check_long("pages lost over a round of 2000 of each kind", before - after, 0);
	printf("fdxleak: done\n");
	return 0;
}
