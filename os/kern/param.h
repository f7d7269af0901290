/* Sizes of the kernel's fixed tables, and limits. Processes have no
 * table: each is allocated when made, as many as memory allows. */
#ifndef PARAM_H
#define PARAM_H
#define NCPU        8	/* harts the kernel can use */
#define NHARTID    16	/* hart ids below this (the PLIC context table) */
#define PID_MAX  32768	/* pids are below this: Linux's default pid_max */
#define PID_WRAP   300	/* where pids start again past it (Linux's RESERVED_PIDS) */
#define NOFILE_CUR 1024	/* RLIMIT_NOFILE's soft limit at boot, as Linux's */
#define NOFILE_MAX 4096	/* descriptors per process: the hard limit's ceiling */
#define NFILE     256	/* open files in the system */
#define KSTACK_PAGES 4	/* kernel stack per process: 16 KiB, made with it */
#define BOOT_STACK 16384	/* each hart's boot stack, its scheduler's (entry.S) */
#define ARG_MAX   (128 * 1024)	/* bytes of argument and environment strings */
#define NDISK      4	/* disks: vda, vdb, vdc, vdd, or mmcblk0 (the SD card) */
#define NMOUNT     8	/* mounted file systems, the root's included */
#define MAXPATH   1024	/* a 255-character FAT name fits a few levels down */
#define KLOG_SIZE (32 * 1024)	/* kernel log ring */
#define HZ        100	/* timer interrupts per second */
#endif
