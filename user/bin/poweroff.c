/* poweroff: asks the kernel to power the machine off. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "syscall.h"

int
main(void)
{
	reboot(LINUX_REBOOT_CMD_POWER_OFF);
	fprintf(stderr, "poweroff: %s\n", strerror(errno));
	return 1;
}
