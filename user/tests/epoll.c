/*
 * epoll: epoll_create1, epoll_ctl and epoll_pwait on pipes, socket
 * pairs, eventfds, timerfds, signalfds and another epoll: level- and
 * edge-triggered reports, EPOLLONESHOT until EPOLL_CTL_MOD, the HUP,
 * ERR and RDHUP bits, a closed descriptor leaving the set, waits that a
 * child's write, a timer or a signal let through by the mask end, a
 * timeout; the errors of bad arguments (EPERM for a regular file). The
 * same binary gives the same lines under Linux (the linux suite).
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "rawerr.h"
#include "syscall.h"
#include "linux/fdkinds.h"
#include "linux/socket.h"

#define L_SIGUSR1 10

struct kpollfd {
	int32_t fd;
	int16_t events, revents;
};

static struct epoll_event got[8];

static long
ctl(int ep, int op, int fd, uint32_t events, uint64_t data)
{
	struct epoll_event ev = { .events = events, .data = data };

	return syscall4(SYS_epoll_ctl, ep, op, fd, (long)&ev);
}

static long
wait_(int ep, long ms)
{
	memset(got, 0, sizeof got);
	return syscall6(SYS_epoll_pwait, ep, (long)got, 8, ms, 0, 8);
}

/* One wait of ms: how many, and the first report's events and data. */
static void
check_wait(const char *what, int ep, long ms, long n, uint32_t events, uint64_t data)
{
	check_long(what, wait_(ep, ms), n);
	if (n > 0) {
		check_long("  events", got[0].events, events);
		check_long("  data", (long)got[0].data, (long)data);
	}
}

static void
pipes(int ep)
{
	int p[2];
	char c;

	pipe(p);
	check_long("ADD a pipe's read end for IN", ctl(ep, EPOLL_CTL_ADD, p[0], EPOLLIN, 7), 0);
	check_wait("empty: no report", ep, 0, 0, 0, 0);
	write(p[1], "ab", 2);
	check_wait("a write: IN", ep, 0, 1, EPOLLIN, 7);
	check_wait("level-triggered: again", ep, 0, 1, EPOLLIN, 7);
	read(p[0], &c, 1);
	read(p[0], &c, 1);
	check_wait("read empty: none", ep, 0, 0, 0, 0);

	check_long("MOD to EPOLLIN|EPOLLET", ctl(ep, EPOLL_CTL_MOD, p[0], EPOLLIN | EPOLLET, 8), 0);
	write(p[1], "a", 1);
	check_wait("edge-triggered: the write", ep, 0, 1, EPOLLIN, 8);
	check_wait("  not again", ep, 0, 0, 0, 0);
	write(p[1], "b", 1);
	check_wait("  another write: again", ep, 0, 1, EPOLLIN, 8);
	read(p[0], &c, 1);
	read(p[0], &c, 1);

	check_long("MOD to EPOLLIN|EPOLLONESHOT", ctl(ep, EPOLL_CTL_MOD, p[0], EPOLLIN | EPOLLONESHOT, 9), 0);
	write(p[1], "a", 1);
	check_wait("one-shot: reported", ep, 0, 1, EPOLLIN, 9);
	check_wait("  then off though readable", ep, 0, 0, 0, 0);
	ctl(ep, EPOLL_CTL_MOD, p[0], EPOLLIN | EPOLLONESHOT, 10);
	check_wait("  MOD arms it again", ep, 0, 1, EPOLLIN, 10);
	read(p[0], &c, 1);

	check_err("ADD again", ctl(ep, EPOLL_CTL_ADD, p[0], EPOLLIN, 0), 17);
	check_long("DEL", syscall4(SYS_epoll_ctl, ep, EPOLL_CTL_DEL, p[0], 0), 0);
	check_err("DEL again", syscall4(SYS_epoll_ctl, ep, EPOLL_CTL_DEL, p[0], 0), 2);
	check_err("MOD of one not added", ctl(ep, EPOLL_CTL_MOD, p[0], EPOLLIN, 0), 2);

	check_long("ADD the write end for OUT", ctl(ep, EPOLL_CTL_ADD, p[1], EPOLLOUT, 11), 0);
	check_wait("  writable", ep, 0, 1, EPOLLOUT, 11);
	close(p[0]);
	check_wait("  the reader closed: OUT and ERR", ep, 0, 1, EPOLLOUT | EPOLLERR, 11);
	close(p[1]);
	check_wait("the descriptor closed: gone from the set", ep, 0, 0, 0, 0);

	pipe(p);
	ctl(ep, EPOLL_CTL_ADD, p[0], EPOLLIN, 12);
	close(p[1]);
	check_wait("a read end whose writer closed: HUP", ep, 0, 1, EPOLLHUP, 12);
	close(p[0]);
}

static void
kinds(int ep)
{
	int sv[2];
	uint64_t one = 1;

	syscall4(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, (long)sv);
	ctl(ep, EPOLL_CTL_ADD, sv[0], EPOLLIN | EPOLLRDHUP, 20);
	check_wait("a socket: nothing yet", ep, 0, 0, 0, 0);
	write(sv[1], "x", 1);
	check_wait("  a byte: IN", ep, 0, 1, EPOLLIN, 20);
	syscall2(SYS_shutdown, sv[1], SHUT_WR);
	check_wait("  the other end's SHUT_WR: RDHUP", ep, 0, 1, EPOLLIN | EPOLLRDHUP, 20);
	close(sv[1]);
	check_wait("  closed: HUP", ep, 0, 1, EPOLLIN | EPOLLRDHUP | EPOLLHUP, 20);
	close(sv[0]);

	int efd = syscall2(SYS_eventfd2, 0, 0);
	ctl(ep, EPOLL_CTL_ADD, efd, EPOLLIN, 21);
	check_wait("an eventfd at 0", ep, 0, 0, 0, 0);
	write(efd, &one, 8);
	check_wait("  written", ep, 0, 1, EPOLLIN, 21);
	close(efd);

	int tfd = syscall2(SYS_timerfd_create, 1, 0);
	struct { struct timespec interval, value; } t = { { 0, 0 }, { 0, 30000000 } };
	syscall4(SYS_timerfd_settime, tfd, 0, (long)&t, 0);
	ctl(ep, EPOLL_CTL_ADD, tfd, EPOLLIN, 22);
	long t0 = now_ms();
	check_wait("a timerfd of 30 ms: a wait it ends", ep, 2000, 1, EPOLLIN, 22);
	check_long("  after 20 ms or more", now_ms() - t0 >= 20, 1);
	close(tfd);

	uint64_t usr1 = 1UL << (L_SIGUSR1 - 1);
	syscall4(SYS_rt_sigprocmask, 0, (long)&usr1, 0, 8);
	int sfd = syscall4(SYS_signalfd4, -1, (long)&usr1, 8, 0);
	ctl(ep, EPOLL_CTL_ADD, sfd, EPOLLIN, 23);
	check_wait("a signalfd", ep, 0, 0, 0, 0);
	syscall2(SYS_kill, getpid(), L_SIGUSR1);
	check_wait("  SIGUSR1 pending", ep, 0, 1, EPOLLIN, 23);
	close(sfd);
	uint64_t none = 0, pending;
	syscall2(SYS_rt_sigpending, (long)&pending, 8);
	if (pending & usr1) {	/* taken by a blocking wait for it */
		struct timespec z = { 0, 0 };
		syscall4(SYS_rt_sigtimedwait, (long)&usr1, 0, (long)&z, 8);
	}
	syscall4(SYS_rt_sigprocmask, 2, (long)&none, 0, 8);

	int inner = syscall1(SYS_epoll_create1, 0), p[2];
	pipe(p);
	ctl(inner, EPOLL_CTL_ADD, p[0], EPOLLIN, 0);
	check_long("an epoll in an epoll", ctl(ep, EPOLL_CTL_ADD, inner, EPOLLIN, 24), 0);
	check_wait("  nothing", ep, 0, 0, 0, 0);
	write(p[1], "x", 1);
	check_wait("  its pipe written: IN", ep, 0, 1, EPOLLIN, 24);
	struct kpollfd pf = { ep, 1, 0 };
	struct timespec zero = { 0, 0 };
	syscall5(SYS_ppoll, (long)&pf, 1, (long)&zero, 0, 8);
	check_long("  ppoll of the outer one: IN", pf.revents, 1);
	check_err("  the outer one into the inner one", ctl(inner, EPOLL_CTL_ADD, ep, EPOLLIN, 0), 40);
	close(inner);
	close(p[0]);
	close(p[1]);
	check_wait("  closed: gone", ep, 0, 0, 0, 0);
}

static int usr1;
static void
on_usr1(int sig)
{
	(void)sig;
	usr1++;
}

static void
waits(int ep)
{
	int p[2];

	pipe(p);
	ctl(ep, EPOLL_CTL_ADD, p[0], EPOLLIN, 30);
	pid_t pid = fork();
	if (pid == 0) {
		pause_ms(50);
		write(p[1], "y", 1);
		_exit(0);
	}
	check_wait("a wait a child's write ends", ep, -1, 1, EPOLLIN, 30);
	wait_status(pid);
	char c;
	read(p[0], &c, 1);
	long t0 = now_ms();
	check_wait("a wait of 40 ms", ep, 40, 0, 0, 0);
	check_long("  40 ms or more", now_ms() - t0 >= 40, 1);

	struct ksigaction sa = { .handler = (unsigned long)on_usr1 };
	uint64_t block = 1UL << (L_SIGUSR1 - 1), none = 0;
	rt_sigaction(L_SIGUSR1, &sa, NULL);
	syscall4(SYS_rt_sigprocmask, 0, (long)&block, 0, 8);
	pid_t me = getpid();
	pid = fork();
	if (pid == 0) {
		pause_ms(50);
		syscall2(SYS_kill, me, L_SIGUSR1);
		_exit(0);
	}
	check_err("a mask that lets SIGUSR1 in: EINTR",
		  syscall6(SYS_epoll_pwait, ep, (long)got, 8, 5000, (long)&none, 8), 4);
	check_long("  its handler ran", usr1, 1);
	wait_status(pid);
	syscall4(SYS_rt_sigprocmask, 1, (long)&block, 0, 8);
	close(p[0]);
	close(p[1]);
}

static void
errors(int ep)
{
	int p[2], fd = open("/tmp/epoll.txt", O_RDWR | O_CREAT | O_TRUNC, 0644);
	char c;

	pipe(p);
	check_err("a regular file", ctl(ep, EPOLL_CTL_ADD, fd, EPOLLIN, 0), 1);
	check_err("epfd a pipe", ctl(p[0], EPOLL_CTL_ADD, p[1], EPOLLIN, 0), 22);
	check_err("epfd 999", ctl(999, EPOLL_CTL_ADD, p[1], EPOLLIN, 0), 9);
	check_err("fd 999", ctl(ep, EPOLL_CTL_ADD, 999, EPOLLIN, 0), 9);
	check_err("fd the epoll itself", ctl(ep, EPOLL_CTL_ADD, ep, EPOLLIN, 0), 22);
	check_err("op 9", ctl(ep, 9, p[0], EPOLLIN, 0), 22);
	check_err("the event at a bad pointer", syscall4(SYS_epoll_ctl, ep, EPOLL_CTL_ADD, p[0], 16), 14);
	check_err("maxevents 0", syscall6(SYS_epoll_pwait, ep, (long)got, 0, 0, 0, 8), 22);
	check_err("epoll_pwait of a pipe", syscall6(SYS_epoll_pwait, p[0], (long)got, 8, 0, 0, 8), 22);
	check_err("read of an epoll", read(ep, &c, 1) < 0 ? -errno : 0, 22);
	ctl(ep, EPOLL_CTL_ADD, p[1], EPOLLOUT, 0);
	check_err("a report to a bad pointer", syscall6(SYS_epoll_pwait, ep, 16, 8, 0, 0, 8), 14);
	close(fd);
	unlink("/tmp/epoll.txt");
	close(p[0]);
	close(p[1]);
}

int
main(void)
{
	int ep = syscall1(SYS_epoll_create1, 0);

	check_long("epoll_create1", ep >= 0, 1);
	int ep2 = syscall1(SYS_epoll_create1, EPOLL_CLOEXEC);
	check_long("EPOLL_CLOEXEC", syscall2(SYS_fcntl, ep2, 1), 1);
	close(ep2);
	pipes(ep);
	kinds(ep);
	waits(ep);
	errors(ep);
	printf("epoll: done\n");
	return 0;
}
