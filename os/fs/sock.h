/*
 * An AF_UNIX socket's insides, shared by socket.c (the pair: queues,
 * sends and receives, close) and socket_conn.c (bind, listen, connect,
 * accept). Nothing else looks inside a struct sock: the calls use
 * fs/socket.h.
 */
#ifndef FS_SOCK_H
#define FS_SOCK_H
#include "kern/kern.h"
#include "fs/socket.h"

#define SQ_SIZE PGSIZE
#define SQ_MSGS 128	/* messages a queue holds at most */
#define SQ_ATT 16	/* messages carrying files a queue holds at most */
#define BACKLOG_MAX 16	/* connections a listener holds unaccepted */

struct sockq {
	uint64_t nread, nwrite;	/* bytes ever read and written */
	uint64_t mread, mwrite;	/* messages ever read and written */
	uint32_t len[SQ_MSGS];	/* the lengths of the messages queued */
	char *data;		/* a page */
	struct {
		uint64_t at;	/* the byte (stream) or message it rides on */
		struct scm *r;
	} att[SQ_ATT];		/* files in flight, in order */
	uint32_t aread, awrite;	/* attachments ever taken and queued */
};

/* A pair; lock guards all of it. A socket of socket(2) is end 0 of one
 * whose end 1 is made by connect (the accepted end) or never. */
struct sock {
	struct spinlock lock;
	int type;		/* SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET */
	enum { SS_PAIR, SS_UNCONN, SS_LISTEN, SS_CONN } state;
	struct sockname name;	/* end 0's, bound */
	struct sockname conn;	/* a connection's listener's: end 1's, and end 0's peer */
	bool bound;		/* end 0's name is in sockname.c's table */
	int pins;		/* connects under way to it, datagram sockets sending to it */
	struct sock *dest;	/* a datagram socket's connect: where it sends, pinned */
	struct file *backlog[BACKLOG_MAX];	/* connections not accepted yet */
	int nback, maxback;
	bool open[2];		/* end e still has its file */
	uint8_t shut[2];	/* end e's SHUT_IN / SHUT_OUT */
	int sndbuf[2], rcvbuf[2];	/* stored for getsockopt, as Linux doubles them */
	int inflight;		/* its ends' files held by queues (atomic) */
	int held;		/* sockets' files its queues hold (atomic) */
	struct sockq q[2];
};
_Static_assert(sizeof(struct sock) <= PGSIZE, "a pair fits a page");

#define SHUT_IN  1	/* Linux's RCV_SHUTDOWN */
#define SHUT_OUT 2	/* Linux's SEND_SHUTDOWN */
#define BUF_DEFAULT 212992	/* Linux's net.core.wmem_default and rmem_default */

/* socket.c: end e of s as a new file (flags: O_NONBLOCK, O_CLOEXEC) */
struct file *sock_file(struct sock *s, int e, int flags);
#endif
