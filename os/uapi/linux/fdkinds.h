/*
 * The flags and structures of eventfd2, timerfd_*, signalfd4 and the
 * epoll calls, as Linux's C libraries have them.
 * Checked against <sys/eventfd.h> <sys/timerfd.h> <sys/signalfd.h>
 * <sys/epoll.h> (tools/abicheck.py).
 */
#ifndef UAPI_LINUX_FDKINDS_H
#define UAPI_LINUX_FDKINDS_H
#include <stdint.h>

#define EFD_SEMAPHORE 1
#define EFD_NONBLOCK  04000
#define EFD_CLOEXEC   02000000

#define TFD_NONBLOCK  04000
#define TFD_CLOEXEC   02000000
#define TFD_TIMER_ABSTIME 1
#define TFD_TIMER_CANCEL_ON_SET 2

#define SFD_NONBLOCK  04000
#define SFD_CLOEXEC   02000000

/* What a signalfd's read gives, 128 bytes a signal. */
struct signalfd_siginfo {
	uint32_t ssi_signo;
	int32_t ssi_errno;
	int32_t ssi_code;
	uint32_t ssi_pid;
	uint32_t ssi_uid;
	int32_t ssi_fd;
	uint32_t ssi_tid;
	uint32_t ssi_band;
	uint32_t ssi_overrun;
	uint32_t ssi_trapno;
	int32_t ssi_status;
	int32_t ssi_int;
	uint64_t ssi_ptr;
	uint64_t ssi_utime;
	uint64_t ssi_stime;
	uint64_t ssi_addr;
	uint16_t ssi_addr_lsb;
	uint16_t _pad2;
	int32_t ssi_syscall;
	uint64_t ssi_call_addr;
	uint32_t ssi_arch;
	uint8_t _pad[28];	/* Linux's __pad */
};

#define EPOLL_CLOEXEC 02000000
#define EPOLL_CTL_ADD 1
#define EPOLL_CTL_DEL 2
#define EPOLL_CTL_MOD 3
#define EPOLLIN      0x001
#define EPOLLPRI     0x002
#define EPOLLOUT     0x004
#define EPOLLERR     0x008
#define EPOLLHUP     0x010
#define EPOLLRDNORM  0x040
#define EPOLLRDBAND  0x080
#define EPOLLWRNORM  0x100
#define EPOLLWRBAND  0x200
#define EPOLLMSG     0x400
#define EPOLLRDHUP   0x2000
#define EPOLLEXCLUSIVE (1U << 28)
#define EPOLLWAKEUP  (1U << 29)
#define EPOLLONESHOT (1U << 30)
#define EPOLLET      (1U << 31)

struct epoll_event {
	uint32_t events;
	uint32_t _pad;
	uint64_t data;
};
#endif
