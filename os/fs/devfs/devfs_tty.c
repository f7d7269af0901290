/*
 * The console as a terminal: the ioctls of /dev/console, /dev/tty and
 * /dev/ttyS0 (devfs.c), init's descriptors among them. It reports
 * itself as a canonical, echoing tty, so isatty and tcgetattr work.
 */
#include "kern/kern.h"
#include "mm/mm.h"
#include "dev/dev.h"
#include "fs/fs.h"
#include "uapi/linux/ioctls.h"
#include "uapi/linux/termios.h"

int tty_ioctl(uint64_t req, uint64_t arg)
{
	pagetable_t pt = myproc()->pagetable;

	switch (req) {
	case TCGETS: {
		struct termios t = { ICRNL, OPOST | ONLCR, CS8 | CREAD,
				     ISIG | ICANON | ECHO | ECHOE, 0, { 0 } };
		t.c_cc[VINTR] = 3, t.c_cc[VERASE] = 0x7f, t.c_cc[VKILL] = 0x15, t.c_cc[VEOF] = 4;
		return copyout(pt, arg, &t, sizeof(t));
	}
	case TIOCGWINSZ: {
		struct winsize ws = { .ws_row = 24, .ws_col = 80 };
		return copyout(pt, arg, &ws, sizeof(ws));
	}
	case TIOCGPGRP: {
		int pg = console_get_pgrp();
		return copyout(pt, arg, &pg, sizeof(pg));
	}
	case TIOCSPGRP: {
		int pg;
		if (copyin(pt, &pg, arg, sizeof(pg)) < 0)
			return -EFAULT;
		if (pg <= 0)
			return -EINVAL;
		console_set_pgrp(pg);
		return 0;
	}
	}
	return -EINVAL;
}
