/*
 * mount(2)'s and umount2(2)'s flags: Linux's.
 * Checked against glibc's <sys/mount.h>, which has both sets (Linux's
 * uapi linux/mount.h lacks umount2's) (tools/abicheck.py).
 */
#ifndef UAPI_LINUX_MOUNT_H
#define UAPI_LINUX_MOUNT_H

#define MS_RDONLY     1
#define MS_REMOUNT    32
#define MS_BIND       4096
#define MS_MOVE       8192
#define MS_UNBINDABLE (1 << 17)
#define MS_PRIVATE    (1 << 18)
#define MS_SLAVE      (1 << 19)
#define MS_SHARED     (1 << 20)
#define MS_MGC_VAL    0xc0ed0000	/* old callers' magic in the high half */
#define MS_MGC_MSK    0xffff0000

#define MNT_FORCE       1
#define MNT_DETACH      2
#define MNT_EXPIRE      4
#define UMOUNT_NOFOLLOW 8
#endif
