/*
 * SCM_RIGHTS: open files passed over an AF_UNIX socket. sendmsg's
 * control buffer names descriptors (struct cmsghdr, SOL_SOCKET,
 * SCM_RIGHTS, then ints); they are looked up and referenced into a
 * struct scm that rides on the message (socket.c); recvmsg installs
 * them as new descriptors of the receiver, as many as its control
 * buffer has room for (the rest closed, MSG_CTRUNC), as Linux's
 * scm_detach_fds.
 */
#include "kern/kern.h"
#include "mm/mm.h"
#include "fs/fs.h"
#include "fs/file.h"
#include "fs/socket.h"

#define CMSG_ALIGN(n) (((n) + 7) & ~7UL)

void scm_free(struct scm *r)
{
	if (!r)
		return;
	for (int i = 0; i < r->n; i++)
		fileclose(r->f[i]);
	kfree(r);
}

/* The descriptors one SCM_RIGHTS message names, added to *r. */
static int rights_in(const int *fds, int n, struct scm **r)
{
	if (!*r && !(*r = kzalloc()))
		return -ENOMEM;
	if ((*r)->n + n > SCM_MAX)
		return -EINVAL;
	for (int i = 0; i < n; i++) {
		struct file *f = fd_ref(fds[i]);
		if (!f)
			return -EBADF;
		(*r)->f[(*r)->n++] = f;
	}
	return 0;
}

/*
 * sendmsg's control buffer at control (len bytes): the files of its
 * SCM_RIGHTS messages into *out (NULL if none). Messages of other
 * levels are passed over, as Linux's __scm_send does; another
 * SOL_SOCKET type, or a cmsg_len that overruns the buffer, is EINVAL.
 */
int scm_in(uint64_t control, uint64_t len, struct scm **out)
{
	char *buf;
	int err = 0;

	*out = NULL;
	if (len < sizeof(struct cmsghdr))
		return 0;
	if (len > PGSIZE)
		return -ENOBUFS;	/* Linux's limit is optmem_max, 20 KiB */
	if (!(buf = kalloc()))
		return -ENOMEM;
	if (copyin(myproc()->pagetable, buf, control, len) < 0)
		err = -EFAULT;
	for (uint64_t off = 0; err == 0 && off + sizeof(struct cmsghdr) <= len;) {
		struct cmsghdr *h = (struct cmsghdr *)(buf + off);
		if (h->len < sizeof(*h) || h->len > len - off) {
			err = -EINVAL;
			break;
		}
		if (h->level == SOL_SOCKET && h->type != SCM_RIGHTS)
			err = -EINVAL;
		else if (h->level == SOL_SOCKET)
			err = rights_in((int *)(h + 1), (h->len - sizeof(*h)) / sizeof(int), out);
		off += CMSG_ALIGN(h->len);
	}
	kfree(buf);
	if (err < 0) {
		scm_free(*out);
		*out = NULL;
	}
	return err;
}

/*
 * recvmsg's control buffer: r's files as new descriptors (close-on-exec
 * with MSG_CMSG_CLOEXEC), one SCM_RIGHTS message of those that fit; the
 * rest closed and MSG_CTRUNC in *mflags. m->controllen becomes the
 * bytes used. r is freed.
 */
int scm_out(struct msghdr *m, struct scm *r, int flags, int *mflags)
{
	struct { struct cmsghdr h; int fd[SCM_MAX]; } *c = NULL;
	int n = 0, err = 0;
	uint64_t room = m->controllen, used = 0;

	if (r && room > sizeof(struct cmsghdr) && (c = kalloc())) {
		int max = MIN((room - sizeof(struct cmsghdr)) / sizeof(int), (uint64_t)r->n);
		for (; n < max; n++) {
			int fd = fdalloc(r->f[n], 0, flags & MSG_CMSG_CLOEXEC);
			if (fd < 0)
				break;
			c->fd[n] = fd;
		}
	}
	if (n > 0) {
		c->h = (struct cmsghdr){ sizeof(struct cmsghdr) + n * sizeof(int), SOL_SOCKET, SCM_RIGHTS };
		used = MIN(CMSG_ALIGN(c->h.len), room);
		if (copyout(myproc()->pagetable, m->control, c, MIN(c->h.len, room)) < 0)
			err = -EFAULT;
	}
	if (r && n < r->n)
		*mflags |= MSG_CTRUNC;
	for (int i = n; r && i < r->n; i++)
		fileclose(r->f[i]);
	kfree(r);
	kfree(c);
	m->controllen = used;
	return err;
}
