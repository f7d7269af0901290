/*
 * The tty above the console's UART: its termios, the line discipline
 * (Linux's n_tty: canonical editing, echo, the signal characters, the
 * four VMIN/VTIME cases of non-canonical reads), output processing, the
 * window size, and which session it controls with its foreground group.
 * The console, ttyS0 (ttySIF0) and /dev/tty are this one tty. The job
 * control checks on the callers (SIGTTIN, SIGTTOU, ENOTTY) are the file
 * side's: fs/devfs/devfs_tty.c.
 */
#include "kern/kern.h"
#include "dev/dev.h"
#include "mm/mm.h"
#include "fs/fs.h"
#include "uapi/linux/poll.h"
#include "uapi/linux/termios.h"

#define TTY_BUF 4096	/* Linux's N_TTY_BUF_SIZE */
#define CTRL(x) ((x) - '@')
#define EOF_MARK 0	/* an end of file in the buffer: a NUL that ends a line */

static struct {
	struct spinlock lock;	/* guards all but out */
	struct termios t;
	struct winsize ws;
	char buf[TTY_BUF];
	uint64_t delim[TTY_BUF / 64];	/* bit i: buf[i] ends a line */
	uint32_t r, w, e;	/* read, committed (readable), edited up to */
	bool lnext;		/* the next byte is taken literally (^V) */
	bool stopped;		/* output held by ^S (IXON) or TCOOFF */
	int column;		/* of the cursor, for erasing a tab */
	int line_column;	/* where the line being edited began */
	int sid;		/* the session it is the controlling tty of, 0 none */
	int pgrp;		/* its foreground process group, 0 none */
	struct sleeplock out;	/* one writer at a time */
} tty;

static const struct termios tty_defaults = {
	.c_iflag = ICRNL | IXON,
	.c_oflag = OPOST | ONLCR,
	.c_cflag = B115200 | CS8 | CREAD | HUPCL | CLOCAL,
	.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN,
	.c_cc = {
		[VINTR] = CTRL('C'), [VQUIT] = CTRL('\\'), [VERASE] = 0x7f,
		[VKILL] = CTRL('U'), [VEOF] = CTRL('D'), [VTIME] = 0, [VMIN] = 1,
		[VSTART] = CTRL('Q'), [VSTOP] = CTRL('S'), [VSUSP] = CTRL('Z'),
		[VREPRINT] = CTRL('R'), [VDISCARD] = CTRL('O'),
		[VWERASE] = CTRL('W'), [VLNEXT] = CTRL('V'),
	},
};

void consoleinit(void)
{
	initlock(&tty.lock, "tty", LOCK_COND);
	initsleeplock(&tty.out, "cons.out", SLEEP_CONS_OUT);
	tty.t = tty_defaults;
	tty.ws = (struct winsize){ .ws_row = 24, .ws_col = 80 };
}

static bool lflag(uint32_t f) { return tty.t.c_lflag & f; }
static bool iflag(uint32_t f) { return tty.t.c_iflag & f; }

/* Is c the special character cc[i]? A zero there disables it. */
static bool is(int c, int i) { return tty.t.c_cc[i] && c == tty.t.c_cc[i]; }

static bool at(uint32_t i) { return tty.delim[i % TTY_BUF / 64] >> (i % 64) & 1; }

static void mark(uint32_t i, bool on)
{
	uint64_t bit = 1ull << (i % 64);

	if (on)
		tty.delim[i % TTY_BUF / 64] |= bit;
	else
		tty.delim[i % TTY_BUF / 64] &= ~bit;
}

/* ---- output: OPOST's processing, and the column it leaves ---- */

static void put_raw(int c)
{
	if (c == '\r')
		tty.column = 0;
	else if (c == '\b')
		tty.column -= tty.column > 0;
	else if (c == '\t')
		tty.column = (tty.column | 7) + 1;
	else if (c == '\n' || (uint8_t)c >= ' ')
		tty.column += c != '\n';
	uart_putc_sync(c);
}

/* One byte out as the c_oflag says. Caller holds tty.lock. */
static void put_out(int c)
{
	uint32_t o = tty.t.c_oflag;

	if (o & OPOST) {
		if (c == '\n' && (o & ONLCR)) {
			put_raw('\r');
		} else if (c == '\r' && (o & OCRNL)) {
			c = '\n';
			tty.column = 0;
		}
	}
	put_raw(c);
}

static bool shown_as_ctl(int c)
{
	return lflag(ECHOCTL) && ((c < ' ' && c != '\t' && c != '\n') || c == 0x7f);
}

/* Echoes c as it was typed: a control character as ^X under ECHOCTL. */
static void echo_char(int c)
{
	if (shown_as_ctl(c)) {
		put_out('^');
		put_out(c ^ 0100);
	} else {
		put_out(c);
	}
}

/* ---- input: the line discipline ---- */

static uint32_t line_start(void) { return tty.w; }

/* Makes everything edited readable and wakes the readers. */
static void commit(void)
{
	tty.w = tty.e;
	wakeup(&tty.r);
}

/* Appends c; end marks it as the end of a line (canonical mode). */
static void store(int c, bool end)
{
	if (tty.e == line_start())
		tty.line_column = tty.column;
	tty.buf[tty.e % TTY_BUF] = c;
	mark(tty.e, end);
	tty.e++;
	if (end || !lflag(ICANON))
		commit();
}

/* The column the cursor would be at after the line's first n bytes. */
static int column_after(uint32_t n)
{
	int col = tty.line_column;

	for (uint32_t i = line_start(); i != n; i++) {
		int c = tty.buf[i % TTY_BUF];
		if (c == '\t')
			col = (col | 7) + 1;
		else
			col += shown_as_ctl(c) ? 2 : 1;
	}
	return col;
}

/* Takes the line's last byte off the screen (ECHOE). */
static void rub_out(int c)
{
	if (c == '\t') {
		for (int n = tty.column - column_after(tty.e); n > 0; n--)
			put_raw('\b');
		return;
	}
	for (int n = shown_as_ctl(c) ? 2 : 1; n > 0; n--) {
		put_raw('\b');
		put_raw(' ');
		put_raw('\b');
	}
}

static bool word_char(int c) { return c == '_' || (c >= '0' && c <= '9') ||
				      ((c | 040) >= 'a' && (c | 040) <= 'z'); }

/* ERASE, WERASE or KILL (which = VERASE, VWERASE, VKILL), echoed as
 * n_tty's eraser() does. */
static void erase(int which, int c)
{
	if (tty.e == line_start())
		return;
	if (which == VKILL && (!lflag(ECHO) || !lflag(ECHOK) || !lflag(ECHOKE) ||
			       !lflag(ECHOE))) {
		tty.e = line_start();
		if (lflag(ECHO)) {
			echo_char(c);
			if (lflag(ECHOK))
				put_out('\n');
		}
		return;
	}
	bool seen_word = false;
	while (tty.e != line_start()) {
		int last = tty.buf[(tty.e - 1) % TTY_BUF];
		if (which == VWERASE) {
			if (word_char(last))
				seen_word = true;
			else if (seen_word)
				break;
		}
		tty.e--;
		if (lflag(ECHO)) {
			if (lflag(ECHOE))
				rub_out(last);
			else
				echo_char(c);
		}
		if (which == VERASE)
			break;
	}
}

/* ^R: the line again on a line of its own. */
static void reprint(int c)
{
	echo_char(c);
	put_out('\n');
	int col = tty.column;
	for (uint32_t i = line_start(); i != tty.e; i++)
		echo_char(tty.buf[i % TTY_BUF]);
	tty.line_column = col;
}

/* Drops what is typed and not yet read. Caller holds tty.lock. */
static void flush_input(void)
{
	tty.r = tty.w = tty.e;
	tty.lnext = false;
}

static void start_output(void)
{
	tty.stopped = false;
	wakeup(&tty.stopped);
}

/* INTR, QUIT, SUSP under ISIG: the signal for the foreground group. */
static int signal_char(int c)
{
	int sig = is(c, VINTR) ? SIGINT : is(c, VQUIT) ? SIGQUIT :
		  is(c, VSUSP) ? SIGTSTP : 0;
	if (!sig)
		return 0;
	if (!lflag(NOFLSH))
		flush_input();
	if (iflag(IXON))
		start_output();
	if (lflag(ECHO))
		echo_char(c);
	return sig;
}

/* A byte that is just data: stored and echoed. */
static void ordinary(int c, bool end)
{
	bool canon = lflag(ICANON);

	/* canonical mode keeps the last byte for the line's end */
	if (tty.e - tty.r >= TTY_BUF - (uint32_t)(canon && !end))
		return;
	if (lflag(ECHO) || (c == '\n' && canon && lflag(ECHONL)))
		echo_char(c);
	store(c, end);
}

/* The editing characters of canonical mode; false if c is not one. */
static bool canon_char(int c)
{
	if (is(c, VERASE) || is(c, VKILL) || (lflag(IEXTEN) && is(c, VWERASE))) {
		erase(is(c, VERASE) ? VERASE : is(c, VKILL) ? VKILL : VWERASE, c);
	} else if (lflag(IEXTEN) && is(c, VLNEXT)) {
		tty.lnext = true;
		if (lflag(ECHO) && lflag(ECHOCTL)) {
			put_out('^');
			put_out('\b');
		}
	} else if (lflag(IEXTEN) && is(c, VREPRINT)) {
		reprint(c);
	} else if (is(c, VEOF)) {
		if (tty.e - tty.r < TTY_BUF)
			store(EOF_MARK, true);
	} else if (c == '\n' || is(c, VEOL) || is(c, VEOL2)) {
		ordinary(c, true);
	} else {
		return false;
	}
	return true;
}

/* One byte typed; returns the signal it sends the foreground group. */
static int receive(int c)
{
	if (iflag(ISTRIP))
		c &= 0x7f;
	if (tty.lnext) {
		tty.lnext = false;
		if (lflag(ECHO) && lflag(ECHOCTL))
			put_raw('\b');	/* over the ^ shown for ^V */
		ordinary(c, false);
		return 0;
	}
	if (c == '\r') {
		if (iflag(IGNCR))
			return 0;
		if (iflag(ICRNL))
			c = '\n';
	} else if (c == '\n' && iflag(INLCR)) {
		c = '\r';
	}
	if (iflag(IXON)) {
		if (is(c, VSTOP)) {
			tty.stopped = true;
			return 0;
		}
		if (is(c, VSTART) || (tty.stopped && iflag(IXANY))) {
			start_output();
			if (is(c, VSTART))
				return 0;
		}
	}
	if (lflag(ISIG)) {
		int sig = signal_char(c);
		if (sig)
			return sig;
	}
	if (lflag(ICANON) && canon_char(c))
		return 0;
	ordinary(c, false);
	return 0;
}

/* Is there what a read would return (poll's test)? Canonical: a whole
 * line; otherwise VMIN bytes when only VMIN counts, else any byte. */
static bool readable(void)
{
	if (lflag(ICANON))
		return tty.r != tty.w;
	uint32_t want = tty.t.c_cc[VTIME] == 0 && tty.t.c_cc[VMIN] ? tty.t.c_cc[VMIN] : 1;
	return tty.w - tty.r >= want;
}

/* One byte from the UART, in interrupt context. ^P, the kernel's list
 * of processes (ours: Linux has none), works only in canonical mode
 * with ISIG, so that a program in raw mode (a line editor, where ^P is
 * "previous line") gets the byte. */
void console_intr(int c)
{
	acquire(&tty.lock);
	bool dump = lflag(ICANON) && lflag(ISIG) && c == CTRL('P');
	int sig = dump ? 0 : receive(c);
	int pgrp = tty.pgrp;
	bool ready = readable();
	release(&tty.lock);
	if (dump)
		procdump();
	if (ready)
		poll_wake();
	if (sig && pgrp > 0)
		kill_pgrp(pgrp, sig);
}

/* ---- the calls of the tty's files ---- */

/* Writes n bytes from user (or kernel) memory; returns n, or -EFAULT,
 * or -EINTR if a signal comes while ^S holds the output. */
ssize_t console_write(uint64_t src, size_t n, bool user_src)
{
	char chunk[128];
	size_t done = 0;
	int err = 0;

	acquiresleep(&tty.out);
	while (done < n && !err) {
		size_t k = MIN(n - done, sizeof(chunk));
		if (either_copyin(chunk, src + done, k, user_src) < 0) {
			err = -EFAULT;
			break;
		}
		acquire(&tty.lock);
		while (tty.stopped && !err)
			err = sleep_timed(&tty.stopped, &tty.lock, 0, true);
		if (!err)
			for (size_t i = 0; i < k; i++)
				put_out(chunk[i]);
		release(&tty.lock);
		done += err ? 0 : k;
	}
	releasesleep(&tty.out);
	return done == 0 && n ? err : (ssize_t)done;
}

/* The kernel's own lines (the log): ONLCR always, no lock, so that a
 * panic still prints. */
void console_write_kernel(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			uart_putc_sync('\r');
		uart_putc_sync(s[i]);
	}
}

/* Copies out what is readable, up to n bytes (a canonical read stops at
 * a line's end; an end-of-file mark is taken, not copied). Returns the
 * bytes copied, or -EFAULT if none could be. Caller holds tty.lock. */
static ssize_t take(uint64_t dst, size_t n, bool user_dst, bool *line_end)
{
	size_t done = 0;

	*line_end = false;
	while (done < n && tty.r != tty.w) {
		uint32_t i = tty.r;
		char c = tty.buf[i % TTY_BUF];
		bool end = lflag(ICANON) && at(i);
		if (end && c == EOF_MARK) {
			tty.r++;
			*line_end = true;
			break;
		}
		if (either_copyout(dst + done, &c, 1, user_dst) < 0)
			return done ? (ssize_t)done : -EFAULT;
		tty.r++;
		done++;
		if (end) {
			*line_end = true;
			break;
		}
	}
	return done;
}

/* A canonical read: blocks until a line (or end of file) is there. */
static ssize_t read_line(uint64_t dst, size_t n, bool user_dst, bool nonblock)
{
	while (tty.r == tty.w) {
		if (nonblock)
			return -EAGAIN;
		int err = sleep_timed(&tty.r, &tty.lock, 0, true);
		if (err)
			return err;
		if (!lflag(ICANON))
			return -EAGAIN;	/* the mode changed: the caller reads again */
	}
	bool end;
	return take(dst, n, user_dst, &end);
}

/* A non-canonical read, by termios(3)'s four cases: VMIN bytes (or n)
 * with no timer; VTIME tenths for the first byte; VTIME between bytes
 * once one came; neither: what is there now. */
static ssize_t read_raw(uint64_t dst, size_t n, bool user_dst, bool nonblock)
{
	size_t min = tty.t.c_cc[VMIN], done = 0;
	uint64_t tenth = 100000000ull, time = tty.t.c_cc[VTIME] * tenth;
	uint64_t deadline = min == 0 && time ? monotonic_ns() + time : 0;
	bool end;

	for (;;) {
		ssize_t got = take(dst + done, n - done, user_dst, &end);
		if (got < 0)
			return done ? (ssize_t)done : got;
		done += got;
		if (done >= n || (min && done >= min) || (!min && done) || (!min && !time))
			break;
		if (nonblock)
			return done ? (ssize_t)done : -EAGAIN;
		if (got && time)
			deadline = monotonic_ns() + time;	/* the gap between bytes */
		int err = sleep_timed(&tty.r, &tty.lock, deadline, true);
		if (err == -ETIMEDOUT)
			break;
		if (err)
			return done ? (ssize_t)done : err;
		if (lflag(ICANON))
			break;	/* the mode changed: what is read is returned */
	}
	return done;
}

/* Reads as the mode says; returns bytes copied, or -EAGAIN, -EINTR,
 * -EFAULT. */
ssize_t console_read(uint64_t dst, size_t n, bool user_dst, bool nonblock)
{
	ssize_t r;

	acquire(&tty.lock);
	do {
		r = lflag(ICANON) ? read_line(dst, n, user_dst, nonblock)
				  : read_raw(dst, n, user_dst, nonblock);
	} while (r == -EAGAIN && !nonblock);
	release(&tty.lock);
	return r;
}

/* POLL* bits: readable as console_read would return; always writable. */
int console_poll(void)
{
	acquire(&tty.lock);
	int ev = readable() ? POLLIN | POLLRDNORM : 0;
	release(&tty.lock);
	return ev | POLLOUT | POLLWRNORM;
}

/* ---- termios, the window, the queues ---- */

void tty_get_termios(struct termios *t)
{
	acquire(&tty.lock);
	*t = tty.t;
	release(&tty.lock);
}

/* TCSETS*: a change of ICANON makes what was typed readable (as n_tty:
 * a pending canonical line ends where it is). Output is synchronous, so
 * TCSETSW has nothing to wait for; flush drops the input (TCSETSF). */
void tty_set_termios(const struct termios *t, bool flush)
{
	acquire(&tty.lock);
	bool was_canon = lflag(ICANON);
	tty.t = *t;
	if (flush)
		flush_input();
	if (was_canon != lflag(ICANON) && tty.e != tty.r) {
		if (lflag(ICANON))
			mark(tty.e - 1, true);
		commit();
	}
	if (!iflag(IXON))
		start_output();
	bool ready = readable();
	release(&tty.lock);
	if (ready)
		poll_wake();
}

/* TCFLSH: input flushes what is typed; output has nothing queued. */
void tty_flush(int queue)
{
	acquire(&tty.lock);
	if (queue != TCOFLUSH)
		flush_input();
	release(&tty.lock);
}

/* TCXONC: suspend or resume output; send STOP or START to the far end,
 * for which the UART's line is the wire. */
void tty_flow(int action)
{
	acquire(&tty.lock);
	if (action == TCOOFF)
		tty.stopped = true;
	else if (action == TCOON)
		start_output();
	else
		uart_putc_sync(tty.t.c_cc[action == TCIOFF ? VSTOP : VSTART]);
	release(&tty.lock);
}

/* Bytes a read could take now (FIONREAD): in canonical mode only whole
 * lines count. */
int tty_inq(void)
{
	acquire(&tty.lock);
	int n = tty.w - tty.r;
	release(&tty.lock);
	return n;
}

void tty_get_winsize(struct winsize *ws)
{
	acquire(&tty.lock);
	*ws = tty.ws;
	release(&tty.lock);
}

/* TIOCSWINSZ: a new size sends SIGWINCH to the foreground group. */
void tty_set_winsize(const struct winsize *ws)
{
	acquire(&tty.lock);
	bool changed = memcmp(&tty.ws, ws, sizeof(*ws)) != 0;
	tty.ws = *ws;
	int pgrp = tty.pgrp;
	release(&tty.lock);
	if (changed && pgrp > 0)
		kill_pgrp(pgrp, SIGWINCH);
}

/* ---- the session it controls and its foreground group ---- */

int console_get_pgrp(void) { return __atomic_load_n(&tty.pgrp, __ATOMIC_RELAXED); }

int tty_session(void) { return __atomic_load_n(&tty.sid, __ATOMIC_RELAXED); }

void console_set_pgrp(int pgid)
{
	acquire(&tty.lock);
	tty.pgrp = pgid;
	release(&tty.lock);
}

/* Makes the tty session sid's controlling tty, pgrp in the foreground,
 * if no session has it (or steal); false if another session keeps it. */
bool tty_attach(int sid, int pgrp, bool steal)
{
	acquire(&tty.lock);
	bool ok = tty.sid == 0 || tty.sid == sid || steal;
	if (ok) {
		tty.sid = sid;
		tty.pgrp = pgrp;
	}
	release(&tty.lock);
	return ok;
}

/* Session sid's leader exits or gives up the tty (TIOCNOTTY): the tty
 * hangs up, as Linux's disassociate_ctty: its foreground group gets
 * SIGHUP and SIGCONT, and no session has it any more. */
void tty_detach(int sid)
{
	acquire(&tty.lock);
	int pgrp = tty.sid == sid ? tty.pgrp : 0;
	bool ours = tty.sid == sid;
	if (ours)
		tty.sid = tty.pgrp = 0;
	release(&tty.lock);
	if (ours && pgrp > 0) {
		kill_pgrp(pgrp, SIGHUP);
		kill_pgrp(pgrp, SIGCONT);
	}
}
