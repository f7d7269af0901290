/*
 * statfs's f_type: each file system type's magic number.
 * Checked against <linux/magic.h> (tools/abicheck.py).
 */
#ifndef UAPI_LINUX_MAGIC_H
#define UAPI_LINUX_MAGIC_H

#define MSDOS_SUPER_MAGIC 0x4d44
#define TMPFS_MAGIC       0x01021994
#define PROC_SUPER_MAGIC  0x9fa0
#define PIPEFS_MAGIC      0x50495045
#define SOCKFS_MAGIC      0x534F434B
#define ANON_INODE_FS_MAGIC 0x09041934
#endif
