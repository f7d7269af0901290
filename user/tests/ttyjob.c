/*
 * The console's tty without anyone typing: TCGETS's defaults field by
 * field (Linux's console: stty -a), TCSETS/TCSETSW/TCSETSF round trips,
 * a non-canonical read's timer, bad pointers (EFAULT), an unknown ioctl
 * (ENOTTY, as a Linux tty answers), and the controlling tty: /dev/tty
 * without one (ENXIO), a session leader's open taking it, TIOCGSID,
 * TIOCGPGRP, TIOCSPGRP to another session's group (EPERM), a background
 * group's tcsetattr (SIGTTOU) and read (EIO when SIGTTIN is ignored),
 * a background tcsetattr stopped by SIGTTOU that succeeds once the
 * group is continued in the foreground, an orphaned group's tcsetattr
 * (EIO: no shell will continue it), the leader's exit giving it up. Not compared with Linux: under
 * run-host.sh the host's stdin is not this tty (nor /dev/console ours).
 */
#include <fcntl.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#include "check.h"
#include <termios.h>

#define NOT_MAPPED ((void *)8)

static struct termios t;

static void defaults(int fd)
{
	check_long("TCGETS", ioctl(fd, TCGETS, &t), 0);
	check_long("c_iflag ICRNL|IXON", t.c_iflag, ICRNL | IXON);
	check_long("c_oflag OPOST|ONLCR", t.c_oflag, OPOST | ONLCR);
	check_long("c_cflag CS8|CREAD|HUPCL|CLOCAL, 115200",
		   t.c_cflag, B115200 | CS8 | CREAD | HUPCL | CLOCAL);
	check_long("c_lflag ISIG ICANON ECHO ECHOE ECHOK ECHOCTL ECHOKE IEXTEN", t.c_lflag,
		   ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN);
	static const struct { const char *name; int i, v; } cc[] = {
		{ "VINTR ^C", VINTR, 3 }, { "VQUIT ^\\", VQUIT, 034 },
		{ "VERASE ^?", VERASE, 0177 }, { "VKILL ^U", VKILL, 025 },
		{ "VEOF ^D", VEOF, 4 }, { "VTIME 0", VTIME, 0 }, { "VMIN 1", VMIN, 1 },
		{ "VSTART ^Q", VSTART, 021 }, { "VSTOP ^S", VSTOP, 023 },
		{ "VSUSP ^Z", VSUSP, 032 }, { "VEOL off", VEOL, 0 },
		{ "VREPRINT ^R", VREPRINT, 022 }, { "VWERASE ^W", VWERASE, 027 },
		{ "VLNEXT ^V", VLNEXT, 026 },
	};
	for (size_t i = 0; i < sizeof(cc) / sizeof(cc[0]); i++)
		check_long(cc[i].name, t.c_cc[cc[i].i], cc[i].v);
}

static void round_trips(int fd)
{
	static const struct { const char *name; unsigned long req; } sets[] = {
		{ "TCSETS", TCSETS }, { "TCSETSW", TCSETSW }, { "TCSETSF", TCSETSF },
	};
	struct termios raw = t, back;

	raw.c_lflag &= ~(ICANON | ECHO);
	raw.c_cc[VMIN] = 0;
	raw.c_cc[VTIME] = 2;
	for (size_t i = 0; i < 3; i++) {
		char name[64];
		snprintf(name, sizeof(name), "%s raw, then TCGETS gives it back", sets[i].name);
		memset(&back, 0, sizeof(back));
		check_long(name, ioctl(fd, sets[i].req, &raw) == 0 &&
			   ioctl(fd, TCGETS, &back) == 0 && memcmp(&raw, &back, sizeof(raw)) == 0, 1);
	}
	struct timespec t0, t1;
	char c;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	check_long("VMIN 0, VTIME 2: read gets 0 bytes", read(fd, &c, 1), 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	check_long("after about 0.2 s", ms >= 150 && ms < 1000, 1);
	raw.c_cc[VTIME] = 0;
	ioctl(fd, TCSETS, &raw);
	check_long("VMIN 0, VTIME 0: read gets 0 bytes at once", read(fd, &c, 1), 0);
	int n = -1;
	check_long("FIONREAD", ioctl(fd, FIONREAD, &n), 0);
	check_long("nothing typed", n, 0);
	check_long("TCSETS back to the defaults", ioctl(fd, TCSETS, &t), 0);
}

static void bad_input(int fd)
{
	check_errno("TCGETS to an unmapped address", ioctl(fd, TCGETS, NOT_MAPPED), EFAULT);
	check_errno("TCSETS from an unmapped address", ioctl(fd, TCSETS, NOT_MAPPED), EFAULT);
	check_errno("TIOCGWINSZ to an unmapped address", ioctl(fd, TIOCGWINSZ, NOT_MAPPED),
		    EFAULT);
	check_errno("TIOCSWINSZ from an unmapped address", ioctl(fd, TIOCSWINSZ, NOT_MAPPED),
		    EFAULT);
	check_errno("an unknown ioctl", ioctl(fd, 0x54ff, NULL), ENOTTY);
	check_errno("TCFLSH of no queue", ioctl(fd, TCFLSH, (void *)7), EINVAL);
	check_long("TCFLSH of the input", ioctl(fd, TCFLSH, (void *)TCIFLUSH), 0);
}

static volatile int ttou, hup;
static void on_ttou(int sig) { (void)sig; ttou++; }
static void on_hup(int sig) { (void)sig; hup++; }

/* In a background group of the session that has the tty. */
static int background(int fd)
{
	char c;

	setpgid(0, 0);
	sigdisposition(SIGTTOU, on_ttou);
	check_errno("background TCSETS, SIGTTOU caught", ioctl(fd, TCSETS, &t), EINTR);
	check_long("the handler ran", ttou, 1);
	sigdisposition(SIGTTOU, SIG_IGN);
	check_long("background TCSETS, SIGTTOU ignored", ioctl(fd, TCSETS, &t), 0);
	sigdisposition(SIGTTIN, SIG_IGN);
	check_errno("background read, SIGTTIN ignored", read(fd, &c, 1), EIO);
	return 0;
}

/* A background child's TCSETS, SIGTTOU left to its default: the child
 * stops; made the foreground group and continued, its call goes on and
 * succeeds (Linux restarts it). */
static void stopped_then_foreground(int fd)
{
	int status = 0, pg;
	pid_t pid = fork();

	if (pid == 0) {
		setpgid(0, 0);
		_exit(ioctl(fd, TCSETS, &t) == 0 ? 0 : 1);
	}
	setpgid(pid, pid);
	check_long("a background TCSETS with SIGTTOU's default stops its group",
		   waitpid(pid, &status, WUNTRACED) == pid && WIFSTOPPED(status) &&
		   WSTOPSIG(status) == SIGTTOU, 1);
	check_long("TIOCSPGRP: its group to the foreground", ioctl(fd, TIOCSPGRP, &pid), 0);
	kill(pid, SIGCONT);
	check_long("continued, its TCSETS succeeds", wait_status(pid), 0);
	sigdisposition(SIGTTOU, SIG_IGN);	/* this group is in the background now */
	pg = getpgid(0);
	ioctl(fd, TIOCSPGRP, &pg);
	sigdisposition(SIGTTOU, SIG_DFL);
}

/* An orphaned background group (its members' parents are init, in
 * another session): a TCSETS left to SIGTTOU's default gets EIO. */
static void orphaned(int fd)
{
	int out[2];
	char c = '?';

	if (pipe(out) < 0)
		fail();
	pid_t pid = fork();
	if (pid == 0) {
		pid_t parent = getpid();
		if (fork() == 0) {
			setpgid(0, 0);
			for (int i = 0; i < 400 && getppid() == parent; i++)
				pause_ms(5);
			c = ioctl(fd, TCSETS, &t) == -1 && errno == EIO ? 'E' : 'x';
			write(out[1], &c, 1);
			_exit(0);
		}
		_exit(0);
	}
	close(out[1]);
	wait_status(pid);
	read(out[0], &c, 1);
	close(out[0]);
	check_long("an orphaned group's TCSETS -> EIO", c == 'E', 1);
}

/* A new session: no controlling tty, then the console as its own. */
static int session(pid_t parent_pgrp)
{
	int pg = -1, sid = -1;
	int fd;

	check_long("setsid", setsid() == getpid(), 1);
	check_errno("open /dev/tty without a controlling tty", open("/dev/tty", O_RDWR), ENXIO);
	fd = open("/dev/console", O_RDWR | O_NOCTTY);
	check_errno("TIOCGPGRP of a tty that is not ours", ioctl(fd, TIOCGPGRP, &pg), ENOTTY);
	close(fd);
	fd = open("/dev/console", O_RDWR);
	check_long("a session leader's open makes it ours", ioctl(fd, TIOCGSID, &sid), 0);
	check_long("TIOCGSID is our session", sid == getpid(), 1);
	check_long("TIOCGPGRP: our group in the foreground",
		   ioctl(fd, TIOCGPGRP, &pg) == 0 && pg == getpgid(0), 1);
	check_long("/dev/tty opens now", open("/dev/tty", O_RDWR) >= 0, 1);
	check_errno("TIOCSPGRP to another session's group", ioctl(fd, TIOCSPGRP, &parent_pgrp),
		    EPERM);
	pg = 0x7ffffff0;
	check_errno("TIOCSPGRP to no group", ioctl(fd, TIOCSPGRP, &pg), ESRCH);
	pg = -2;
	check_errno("TIOCSPGRP to a negative group", ioctl(fd, TIOCSPGRP, &pg), EINVAL);
	check_errno("TIOCSPGRP from an unmapped address", ioctl(fd, TIOCSPGRP, NOT_MAPPED),
		    EFAULT);
	pid_t pid = fork();
	if (pid == 0)
		_exit(background(fd));
	check_long("the background child's checks", wait_status(pid), 0);
	stopped_then_foreground(fd);
	orphaned(fd);
	sigdisposition(SIGHUP, on_hup);
	check_long("TIOCNOTTY by the leader", ioctl(fd, TIOCNOTTY, NULL), 0);
	check_long("it hung up the foreground group, ours (SIGHUP)", hup, 1);
	check_errno("/dev/tty after it", open("/dev/tty", O_RDWR), ENXIO);
	check_long("TIOCSCTTY takes it again", ioctl(fd, TIOCSCTTY, NULL), 0);
	return 0;
}

int main(void)
{
	int fd = open("/dev/console", O_RDWR | O_NOCTTY);
	check_long("open /dev/console", fd >= 0, 1);
	defaults(fd);
	round_trips(fd);
	bad_input(fd);
	pid_t pid = fork();
	if (pid == 0)
		_exit(session(getpgid(0)));
	check_long("the new session's checks", wait_status(pid), 0);
	/* its leader's exit gave the tty up: a new session can take it */
	pid = fork();
	if (pid == 0) {
		setsid();
		_exit(ioctl(fd, TIOCSCTTY, NULL) == 0 ? 0 : 1);
	}
	check_long("the tty is free after the leader's exit", wait_status(pid), 0);
	return 0;
}
