/*
 * sockhole: socket sends and receives whose user buffer runs into
 * unmapped memory. The copy under the socket's lock finds the page
 * missing, faults it in with the lock dropped, fails again and gives
 * up, as Linux 6.1's af_unix does (Linux itself gives sockhole.out:
 * tools/linuxref.py): a send that fails queues nothing, and the files
 * attached to it are closed; a stream read leaves the bytes queued; a
 * datagram read drops the datagram (unix_dgram_recvmsg has taken it off
 * before it copies) and closes its files, unless MSG_PEEK; a long stream
 * send gives a short count (ours: the bytes before the copy that met
 * the hole, a page of the ring at a time; Linux's: its skbs before the
 * one that did, tens of KiB each). Not in the linux suite: qemu-riscv64
 * refuses a partly mapped buffer as a whole.
 */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include "check.h"

#define PAGE 4096

static unsigned char buf[PAGE];

static void
new_pair(int type, int sv[2])
{
	if (socketpair(AF_UNIX, type, 0, sv) < 0) {
		printf("FAIL socketpair: %s\n", errno_name(errno));
		fail();
	}
}

static void
new_pipe(int p[2])
{
	if (pipe(p) < 0) {
		printf("FAIL pipe: %s\n", errno_name(errno));
		fail();
	}
}

/* pages pages of which the last is unmapped, the others filled with 7. */
static unsigned char *
hole_after(int pages)
{
	unsigned char *m = mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (m == MAP_FAILED || munmap(m + (pages - 1) * PAGE, PAGE) < 0) {
		printf("FAIL mmap: %s\n", errno_name(errno));
		fail();
	}
	memset(m, 7, (pages - 1) * PAGE);
	return m;
}

/* A message of len bytes at p with fd attached (SCM_RIGHTS). */
static long
send_fd(int sock, const void *p, long len, int fd)
{
	struct iovec v = { (void *)p, len };
	union { struct cmsghdr h; char room[CMSG_SPACE(sizeof(int))]; } c;
	struct msghdr m = { .msg_iov = &v, .msg_iovlen = 1, .msg_control = &c,
			    .msg_controllen = sizeof(c) };

	c.h = (struct cmsghdr){ .cmsg_len = CMSG_LEN(sizeof(int)), .cmsg_level = SOL_SOCKET,
				.cmsg_type = SCM_RIGHTS };
	memcpy(CMSG_DATA(&c.h), &fd, sizeof(fd));
	return sendmsg(sock, &m, MSG_DONTWAIT);
}

/* recvmsg of len bytes into p with room for a descriptor, which it
 * closes; flags. */
static long
recv_fd(int sock, void *p, long len, int flags)
{
	struct iovec v = { p, len };
	union { struct cmsghdr h; char room[CMSG_SPACE(sizeof(int))]; } c;
	struct msghdr m = { .msg_iov = &v, .msg_iovlen = 1, .msg_control = &c,
			    .msg_controllen = sizeof(c) };
	long r = recvmsg(sock, &m, flags | MSG_DONTWAIT);
	int fd;

	if (r >= 0 && m.msg_controllen >= CMSG_LEN(sizeof(int)) && c.h.cmsg_type == SCM_RIGHTS) {
		memcpy(&fd, CMSG_DATA(&c.h), sizeof(fd));
		close(fd);
	}
	return r;
}

/* Sends from a buffer that runs into the hole: EFAULT, nothing queued,
 * the file attached closed. */
static void
send_into_hole(int type, const char *name)
{
	int sv[2], p[2];
	unsigned char *m = hole_after(2);
	char c;

	printf("send, %s:\n", name);
	new_pair(type, sv);
	check_errno("  from the hole", send(sv[0], m + PAGE, 100, MSG_DONTWAIT), EFAULT);
	check_errno("  a page across the hole", send(sv[0], m + PAGE / 2, PAGE, MSG_DONTWAIT),
		    EFAULT);
	new_pipe(p);
	check_errno("  across the hole with a pipe's writer attached",
		    send_fd(sv[0], m + PAGE - 10, 20, p[1]), EFAULT);
	close(p[1]);
	check_long("  the writer was closed: the pipe's end", read(p[0], &c, 1), 0);
	check_errno("  nothing was queued", recv(sv[1], buf, PAGE, MSG_DONTWAIT), EAGAIN);
	check_long("  a send from the mapped part goes", send(sv[0], m, PAGE, MSG_DONTWAIT), PAGE);
	check_long("  whole", recv(sv[1], buf, PAGE, MSG_DONTWAIT), PAGE);
	close(p[0]);
	close(sv[0]);
	close(sv[1]);
	munmap(m, PAGE);
}

/* Reads into a buffer that runs into the hole: EFAULT; a stream's bytes
 * and files stay queued, a datagram is dropped with its files unless
 * peeked at. */
static void
recv_into_hole(int type, const char *name)
{
	int sv[2], p[2];
	unsigned char *m = hole_after(2);
	char c;
	int stream = type == SOCK_STREAM;

	printf("receive, %s:\n", name);
	new_pair(type, sv);
	new_pipe(p);
	memset(buf, 5, PAGE);
	check_long("  a page with a pipe's writer attached", send_fd(sv[0], buf, PAGE, p[1]), PAGE);
	close(p[1]);
	check_errno("  MSG_PEEK across the hole", recv_fd(sv[1], m + PAGE / 2, PAGE, MSG_PEEK),
		    EFAULT);
	check_errno("  a read across the hole", recv_fd(sv[1], m + PAGE / 2, PAGE, 0), EFAULT);
	if (stream) {
		check_long("  the bytes stayed", recv_fd(sv[1], m, PAGE, 0), PAGE);
		check_long("  intact", m[0] == 5 && m[PAGE - 1] == 5, 1);
	} else {
		check_errno("  the datagram was dropped", recv(sv[1], m, PAGE, MSG_DONTWAIT),
			    EAGAIN);
	}
	check_long("  the writer was closed: the pipe's end", read(p[0], &c, 1), 0);
	close(p[0]);
	close(sv[0]);
	close(sv[1]);
	munmap(m, PAGE);
}

/* 17 pages of which the last is a hole, to a reader child: a short
 * count, and the reader gets that many bytes. */
static void
long_send(void)
{
	int sv[2], res[2];
	unsigned char *m = hole_after(17);
	long want = 17 * PAGE;

	printf("long stream send:\n");
	new_pair(SOCK_STREAM, sv);
	new_pipe(res);
	pid_t pid = fork();
	if (pid == 0) {
		long got = 0, r;
		close(sv[0]);
		while ((r = recv(sv[1], buf, PAGE, 0)) > 0)
			got += r;
		_exit(write(res[1], &got, sizeof(got)) == sizeof(got) ? 0 : 1);
	}
	close(sv[1]);
	long sent = send(sv[0], m, want, 0);
	check_long("  a short count", sent > 0 && sent < want, 1);
	close(sv[0]);
	long got = -1;
	check_long("  the reader's result", read(res[0], &got, sizeof(got)), sizeof(got));
	check_long("  it got that many bytes", got == sent, 1);
	check_long("  the reader", wait_status(pid), 0);
	close(res[0]);
	close(res[1]);
	munmap(m, 16 * PAGE);
}

int
main(void)
{
	send_into_hole(SOCK_STREAM, "stream");
	send_into_hole(SOCK_DGRAM, "dgram");
	send_into_hole(SOCK_SEQPACKET, "seqpacket");
	recv_into_hole(SOCK_STREAM, "stream");
	recv_into_hole(SOCK_DGRAM, "dgram");
	recv_into_hole(SOCK_SEQPACKET, "seqpacket");
	long_send();
	printf("sockhole: done\n");
	return 0;
}
