/*
 * The console: a tty in canonical mode over the UART. Input is edited a
 * line at a time (echo, backspace, ^U kill line, ^D end of file, ^C sends
 * SIGINT to the foreground process group; ^P lists the processes). One write() reaches the UART
 * whole: writers take the output sleep lock for the whole call.
 */
#include "kern/kern.h"
#include "dev/dev.h"
#include "mm/mm.h"
#include "fs/fs.h"
#include "uapi/linux/poll.h"

#define INPUT_BUF 256
#define CTRL(x) ((x) - '@')

static struct {
	struct spinlock lock;	/* guards the input ring and fg_pgid */
	char buf[INPUT_BUF];
	uint32_t r, w, e;	/* read, written (committed), edit indices */
	int fg_pgid;		/* foreground process group, 0 = none */
	struct sleeplock out;	/* one writer at a time */
} cons;

void consoleinit(void)
{
	initlock(&cons.lock, "cons", LOCK_COND);
	initsleeplock(&cons.out, "cons.out", SLEEP_CONS_OUT);
}

static void echo(int c)
{
	if (c == '\b') {
		uart_putc_sync('\b');
		uart_putc_sync(' ');
		uart_putc_sync('\b');
	} else {
		uart_putc_sync(c);
	}
}

void console_write_kernel(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			uart_putc_sync('\r');
		uart_putc_sync(s[i]);
	}
}

/* Writes n bytes from user (or kernel) memory; returns n or -EFAULT. */
ssize_t console_write(uint64_t src, size_t n, bool user_src)
{
	char chunk[128];
	size_t done = 0;

	acquiresleep(&cons.out);
	while (done < n) {
		size_t k = MIN(n - done, sizeof(chunk));
		if (either_copyin(chunk, src + done, k, user_src) < 0)
			break;
		console_write_kernel(chunk, k);
		done += k;
	}
	releasesleep(&cons.out);
	return done == 0 && n ? -EFAULT : (ssize_t)done;
}

/* Blocks until a line (or end of file) is ready; returns bytes copied. */
ssize_t console_read(uint64_t dst, size_t n, bool user_dst, bool nonblock)
{
	size_t done = 0;

	acquire(&cons.lock);
	while (done < n) {
		while (cons.r == cons.w) {
			if (nonblock) {
				release(&cons.lock);
				return done ? (ssize_t)done : -EAGAIN;
			}
			if (proc_killed(myproc())) {
				release(&cons.lock);
				return done ? (ssize_t)done : -EINTR;
			}
			sleep(&cons.r, &cons.lock);
		}
		char c = cons.buf[cons.r++ % INPUT_BUF];
		if (c == CTRL('D')) {
			if (done > 0)
				cons.r--;	/* leave EOF for the next read */
			break;
		}
		if (either_copyout(dst + done, &c, 1, user_dst) < 0) {
			release(&cons.lock);
			return done ? (ssize_t)done : -EFAULT;
		}
		done++;
		if (c == '\n')
			break;
	}
	release(&cons.lock);
	return done;
}

/* POLL* bits: readable once a line (or end of file) is there, as
 * console_read would return; always writable. */
int console_poll(void)
{
	acquire(&cons.lock);
	int ev = cons.r != cons.w ? POLLIN | POLLRDNORM : 0;
	release(&cons.lock);
	return ev | POLLOUT | POLLWRNORM;
}

int console_get_pgrp(void) { return cons.fg_pgid; }

void console_set_pgrp(int pgid)
{
	acquire(&cons.lock);
	cons.fg_pgid = pgid;
	release(&cons.lock);
}

/* One byte from the UART, in interrupt context. */
void console_intr(int c)
{
	int sigint_pgrp = 0;

	acquire(&cons.lock);
	switch (c) {
	case CTRL('C'):
		cons.e = cons.w;	/* drop the line being typed */
		echo('^'), echo('C'), echo('\r'), echo('\n');
		sigint_pgrp = cons.fg_pgid;
		break;
	case CTRL('P'):	/* a list of the processes, for a system that seems stuck */
		release(&cons.lock);
		procdump();
		return;
	case CTRL('U'):
		while (cons.e != cons.w && cons.buf[(cons.e - 1) % INPUT_BUF] != '\n') {
			cons.e--;
			echo('\b');
		}
		break;
	case CTRL('H'):
	case 0x7f:
		if (cons.e != cons.w) {
			cons.e--;
			echo('\b');
		}
		break;
	default:
		if (c == 0 || cons.e - cons.r >= INPUT_BUF)
			break;
		if (c == '\r')
			c = '\n';
		if (c == '\n')
			echo('\r');
		if (c != CTRL('D'))
			echo(c);
		cons.buf[cons.e++ % INPUT_BUF] = c;
		if (c == '\n' || c == CTRL('D') || cons.e - cons.r == INPUT_BUF) {
			cons.w = cons.e;
			wakeup(&cons.r);
		}
	}
	bool line = cons.w != cons.r;
	release(&cons.lock);
	if (line)
		poll_wake();
	if (sigint_pgrp > 0)
		kill_pgrp(sigint_pgrp, SIGINT);
}
