/*
 * uname(2)'s struct utsname: six strings of 65 bytes.
 * Checked against <linux/utsname.h> (tools/abicheck.py).
 */
#ifndef UAPI_LINUX_UTSNAME_H
#define UAPI_LINUX_UTSNAME_H

struct utsname {		/* Linux's struct new_utsname */
	char sysname[65];
	char nodename[65];
	char release[65];
	char version[65];
	char machine[65];
	char domainname[65];
};
#endif
