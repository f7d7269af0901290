/*
 * Sockets as a Linux C library sees them: families, types, the flags of
 * send and recv, shutdown's how, the socket options we answer, struct
 * msghdr and struct cmsghdr (SCM_RIGHTS).
 * Checked against <sys/socket.h> <sys/un.h> (tools/abicheck.py).
 */
#ifndef UAPI_LINUX_SOCKET_H
#define UAPI_LINUX_SOCKET_H
#include <stdint.h>

#define AF_UNSPEC 0
#define AF_UNIX   1
#define AF_INET   2
#define AF_INET6  10

#define SOCK_STREAM    1
#define SOCK_DGRAM     2
#define SOCK_SEQPACKET 5
#define SOCK_NONBLOCK  04000
#define SOCK_CLOEXEC   02000000

#define MSG_PEEK     0x2
#define MSG_CTRUNC   0x8
#define MSG_TRUNC    0x20
#define MSG_DONTWAIT 0x40
#define MSG_EOR      0x80
#define MSG_WAITALL  0x100
#define MSG_NOSIGNAL 0x4000
#define MSG_WAITFORONE 0x10000	/* recvmmsg: MSG_DONTWAIT after the first */
#define MSG_CMSG_CLOEXEC 0x40000000

#define SHUT_RD   0
#define SHUT_WR   1
#define SHUT_RDWR 2

#define SOL_SOCKET 1
#define SO_TYPE    3
#define SO_ERROR   4
#define SO_SNDBUF  7
#define SO_RCVBUF  8
#define SO_DOMAIN  39

#define SCM_RIGHTS 1

struct sockaddr_un {
	uint16_t family;	/* Linux's sun_family */
	char path[108];		/* Linux's sun_path (UNIX_PATH_MAX) */
};

struct msghdr {
	uint64_t name;		/* Linux's msg_name */
	uint32_t namelen;	/* Linux's msg_namelen */
	uint32_t _pad1;
	uint64_t iov;		/* Linux's msg_iov */
	uint64_t iovlen;	/* Linux's msg_iovlen */
	uint64_t control;	/* Linux's msg_control */
	uint64_t controllen;	/* Linux's msg_controllen */
	int32_t flags;		/* Linux's msg_flags */
	uint32_t _pad2;
};

struct cmsghdr {
	uint64_t len;		/* Linux's cmsg_len */
	int32_t level;		/* Linux's cmsg_level */
	int32_t type;		/* Linux's cmsg_type */
};
#endif
