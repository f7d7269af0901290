/* AF_UNIX socket pairs (socket.c), for their calls (syssocket.c). */
#ifndef FS_SOCKET_H
#define FS_SOCKET_H
#include "kern/types.h"
#include "uapi/linux/socket.h"
#include "uapi/linux/uio.h"

struct file;

/* Where the next byte of a transfer goes or comes from: iovec i of n,
 * off bytes into it (the user's memory if user). */
struct iocur {
	const struct iovec *v;
	int n, i;
	size_t off;
	bool user;
};

#define POLLRDHUP 0x2000

/* Descriptors in flight (SCM_RIGHTS): the open files one message
 * carries, referenced; a page. */
#define SCM_MAX 253	/* Linux's SCM_MAX_FD */
struct scm {
	int n;
	struct file *f[SCM_MAX];
};
void scm_free(struct scm *r);
int scm_in(uint64_t control, uint64_t len, struct scm **out);
int scm_out(struct msghdr *m, struct scm *r, int flags, int *mflags);

/* A socket's name: sun_path's bytes (a path, or after a 0 byte an
 * abstract name); len 0: unnamed. */
struct sockname {
	int len;
	char path[sizeof(((struct sockaddr_un *)0)->path)];
};

struct sock;
int sock_pair(int type, int flags, struct file *f[2]);
ssize_t sock_sendto(struct file *f, struct sock *t, struct iocur *c, size_t n, int flags,
		    struct scm *rights);
int sock_new(int type, int flags, struct file **f);
int sock_bind(struct file *f, const struct sockname *nm);
int sock_listen(struct file *f, int backlog);
int sock_connect(struct file *f, const struct sockname *nm);
int sock_accept(struct file *f, int flags, struct file **out);
int sock_name(struct file *f, bool peer, struct sockname *nm);
void sock_pin(struct sock *s);
void sock_unpin(struct sock *s);
/* sockname.c: the names bound, each to its socket */
int sockname_bind(struct sock *s, const struct sockname *nm);
struct sock *sockname_find(const struct sockname *nm, int *err);
void sockname_unbind(struct sock *s);
int sock_shutdown(struct file *f, int how);
ssize_t sock_send(struct file *f, struct iocur *c, size_t n, int flags, struct scm *rights);
ssize_t sock_recv(struct file *f, struct iocur *c, size_t n, int flags, int *mflags,
		  struct scm **rights);
int sock_getopt(struct file *f, int opt, int *val);
int sock_setopt(struct file *f, int opt, int val);
bool file_is_sock(struct file *f);
int file_sock_type(struct file *f);
#endif
