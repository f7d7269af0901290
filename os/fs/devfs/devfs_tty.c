/*
 * The tty's files (/dev/console, /dev/tty, /dev/ttyS0: devfs.c) as the
 * caller sees them: the controlling tty of a session, the job control
 * checks of Linux's tty_io.c and tty_jobctrl.c (a background group that
 * reads gets SIGTTIN, one that writes under TOSTOP or changes the modes
 * gets SIGTTOU), and the ioctls. The line discipline is dev/tty.c.
 *
 * A process's controlling tty is its session's: there is one tty, so a
 * process has it when its session is the one the tty controls.
 */
#include "kern/kern.h"
#include "mm/mm.h"
#include "dev/dev.h"
#include "fs/fs.h"
#include "uapi/linux/fcntl.h"
#include "uapi/linux/ioctls.h"
#include "uapi/linux/termios.h"

static bool is_ctty(struct proc *L) { return L->sid && tty_session() == L->sid; }

static bool session_leader(struct proc *L) { return L->sid == L->pid; }

/*
 * Linux's __tty_check_change: may the caller, reading (SIGTTIN) or
 * writing and changing (SIGTTOU), use its controlling tty? A process
 * in a background group gets the signal, sent to its whole group. Left
 * to its default, the signal stops the group: the caller parks here and
 * looks again once continued (in the foreground after fg, it goes on),
 * as Linux restarts the call; a handler runs and the call ends with
 * EINTR. One that blocks or ignores the signal goes on, or gets EIO for
 * a read; so does any call from an orphaned group, which no shell will
 * continue.
 */
static int job_check(int sig)
{
	struct proc *p = myproc(), *L = p->leader;

	for (;;) {
		int fg = console_get_pgrp();
		if (!is_ctty(L) || !fg || L->pgid == fg)
			return 0;
		if (signal_ignored(p, sig))
			return sig == SIGTTIN ? -EIO : 0;
		if (pgrp_is_orphaned(L->pgid))
			return -EIO;
		kill_pgrp(L->pgid, sig);
		if (!*(volatile bool *)&p->stop_req || p->sleeplocks)
			return -EINTR;
		jobctl_park(p);
		if (proc_killed(p))
			return -EINTR;
	}
}

/* A session leader opening the tty without O_NOCTTY makes it the
 * session's controlling tty, if no session has it; /dev/tty is the
 * caller's controlling tty, ENXIO without one. */
int tty_open(bool alias, int flags)
{
	struct proc *L = myproc()->leader;

	if (alias)
		return is_ctty(L) ? 0 : -ENXIO;
	if (!(flags & O_NOCTTY) && session_leader(L) && tty_session() == 0)
		tty_attach(L->sid, L->pgid, false);
	return 0;
}

int tty_read_check(void) { return job_check(SIGTTIN); }

int tty_write_check(void)
{
	struct termios t;

	tty_get_termios(&t);
	return t.c_lflag & TOSTOP ? job_check(SIGTTOU) : 0;
}

/* TCSETS, TCSETSW (output is synchronous: drained already), TCSETSF. */
static int set_termios(uint64_t req, uint64_t arg)
{
	struct termios t;
	int err = job_check(SIGTTOU);

	if (err)
		return err;
	if (copyin(myproc()->pagetable, &t, arg, sizeof(t)) < 0)
		return -EFAULT;
	tty_set_termios(&t, req == TCSETSF);
	return 0;
}

/* TIOCSCTTY: a session leader without a controlling tty takes this one,
 * from another session only if arg is 1 (as root: everyone is here). */
static int set_ctty(uint64_t arg)
{
	struct proc *L = myproc()->leader;

	if (session_leader(L) && is_ctty(L))
		return 0;
	if (!session_leader(L))
		return -EPERM;
	return tty_attach(L->sid, L->pgid, arg == 1) ? 0 : -EPERM;
}

/* TIOCNOTTY: the session leader's gives the tty up (a hang-up of its
 * foreground group). Another process's is accepted and changes nothing:
 * it keeps its session's tty, a difference from Linux, which keeps a
 * controlling tty per process. */
static int give_up_ctty(void)
{
	struct proc *L = myproc()->leader;

	if (!is_ctty(L))
		return -ENOTTY;
	if (session_leader(L))
		tty_detach(L->sid);
	return 0;
}

/* TIOCSPGRP: a group of the caller's session becomes the foreground. */
static int set_pgrp(uint64_t arg)
{
	struct proc *L = myproc()->leader;
	int pg, err = job_check(SIGTTOU);

	if (err)
		return err == -EIO ? -ENOTTY : err;
	if (copyin(L->pagetable, &pg, arg, sizeof(pg)) < 0)
		return -EFAULT;
	if (pg < 0)
		return -EINVAL;
	if (!is_ctty(L))
		return -ENOTTY;
	int sid = pgrp_session(pg);
	if (sid < 0)
		return sid;
	if (sid != L->sid)
		return -EPERM;
	console_set_pgrp(pg);
	return 0;
}

static int put_int(uint64_t arg, int v)
{
	return copyout(myproc()->pagetable, arg, &v, sizeof(v));
}

/* The session calls: the tty must be the caller's controlling tty. */
static int session_ioctl(uint64_t req, uint64_t arg)
{
	struct proc *L = myproc()->leader;

	switch (req) {
	case TIOCSCTTY:
		return set_ctty(arg);
	case TIOCNOTTY:
		return give_up_ctty();
	case TIOCSPGRP:
		return set_pgrp(arg);
	case TIOCGPGRP:
		return is_ctty(L) ? put_int(arg, console_get_pgrp()) : -ENOTTY;
	case TIOCGSID:
		return is_ctty(L) ? put_int(arg, tty_session()) : -ENOTTY;
	}
	return -ENOTTY;
}

/* TCXONC and TCFLSH, which change the tty: SIGTTOU's check first. */
static int queue_ioctl(uint64_t req, uint64_t arg)
{
	int err = job_check(SIGTTOU);

	if (err)
		return err;
	if (req == TCXONC) {
		if (arg > TCION)
			return -EINVAL;
		tty_flow(arg);
	} else {
		if (arg > TCIOFLUSH)
			return -EINVAL;
		tty_flush(arg);
	}
	return 0;
}

int tty_ioctl(uint64_t req, uint64_t arg)
{
	pagetable_t pt = myproc()->pagetable;

	switch (req) {
	case TCGETS: {
		struct termios t;
		tty_get_termios(&t);
		return copyout(pt, arg, &t, sizeof(t));
	}
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
		return set_termios(req, arg);
	case TCSBRK:
		return 0;	/* tcdrain: output is synchronous; no break is sent */
	case TCXONC:
	case TCFLSH:
		return queue_ioctl(req, arg);
	case TIOCGWINSZ: {
		struct winsize ws;
		tty_get_winsize(&ws);
		return copyout(pt, arg, &ws, sizeof(ws));
	}
	case TIOCSWINSZ: {
		struct winsize ws;
		if (copyin(pt, &ws, arg, sizeof(ws)) < 0)
			return -EFAULT;
		tty_set_winsize(&ws);
		return 0;
	}
	case FIONREAD:
		return put_int(arg, tty_inq());
	case TIOCOUTQ:
		return put_int(arg, 0);	/* output goes out as it is written */
	}
	return session_ioctl(req, arg);
}
