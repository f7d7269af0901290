/*
 * sockfill: socket sends and receives whose user buffers are not mapped
 * yet: the program's initialized data (a lazily loaded program, the
 * default, brings it in from the disk at the first touch), its bss and
 * fresh mmap pages, each touched first by the call under test. The
 * kernel copies under the socket's spinlock, so it must fault those
 * pages in with the lock dropped and copy again (socket.c), without
 * losing or doubling a message or the files it carries: 64 KiB through
 * a stream pair, whole datagrams and seqpackets, SCM_RIGHTS on both.
 * The same binary gives the same lines under qemu-riscv64 (the linux
 * suite). sockhole has the buffers that cannot be faulted in.
 */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include "check.h"

#define PAGE 4096
#define BIG (16 * PAGE)

/* Initialized, so in the file's data; the bss ones too are untouched
 * until the call that uses them, each by one call only. */
static unsigned char big_src[BIG] = { [0] = 1, [PAGE] = 2, [BIG - 1] = 3 };
static unsigned char big_dst[BIG];
static unsigned char dg_src[4 * PAGE] = { [PAGE - 1] = 4, [2 * PAGE] = 5, [3 * PAGE + 7] = 6 };
static unsigned char dg_dst[4 * PAGE];
static unsigned char sp_src[2 * PAGE] = { [PAGE] = 7 };
static unsigned char rt_src[4 * PAGE] = { [PAGE - 2] = 'r', [PAGE - 1] = 'i', [PAGE] = 'g',
					  [3 * PAGE - 2] = 'r', [3 * PAGE - 1] = 'i', [3 * PAGE] = 'g' };
static unsigned char rt_dst[4 * PAGE];

static void
new_pair(int type, int sv[2])
{
	if (socketpair(AF_UNIX, type, 0, sv) < 0) {
		printf("FAIL socketpair: %s\n", errno_name(errno));
		fail();
	}
}

/* 64 KiB from untouched data by a child into untouched bss: the ring
 * is smaller, so the sender waits for the reader between copies. */
static void
stream_big(void)
{
	int sv[2];

	new_pair(SOCK_STREAM, sv);
	pid_t pid = fork();
	if (pid == 0) {
		close(sv[0]);
		_exit(send(sv[1], big_src, BIG, 0) == BIG ? 0 : 1);
	}
	close(sv[1]);
	long got = 0, r;
	while (got < BIG && (r = recv(sv[0], big_dst + got, BIG - got, 0)) > 0)
		got += r;
	check_long("stream: 64 KiB from untouched data into untouched bss", got, BIG);
	check_long("the sender sent it all in one call", wait_status(pid), 0);
	check_long("the bytes crossed intact", memcmp(big_src, big_dst, BIG) == 0, 1);
	check_long("marks", big_dst[0] + big_dst[PAGE] + big_dst[BIG - 1], 6);
	close(sv[0]);
}

/* Datagrams that cross from one untouched page into the next, into
 * untouched bss: each whole, in one read, in order. */
static void
dgram_whole(void)
{
	int sv[2];
	long len[3] = { 100, PAGE, 2000 };
	unsigned char *from[3] = { dg_src + PAGE - 50, dg_src + PAGE + 10, dg_src + 3 * PAGE - 1000 };
	unsigned char *to[3] = { dg_dst + PAGE - 30, dg_dst + 2 * PAGE - 5, dg_dst + 3 * PAGE + 100 };

	new_pair(SOCK_DGRAM, sv);
	for (int i = 0; i < 3; i++) {
		printf("datagram %d:\n", i);
		check_long("  sent whole", send(sv[0], from[i], len[i], 0), len[i]);
		check_long("  received whole", recv(sv[1], to[i], PAGE + 100, 0), len[i]);
		check_long("  its bytes", memcmp(from[i], to[i], len[i]) == 0, 1);
	}
	check_long("marks", dg_dst[PAGE - 30 + 49] * 10 + dg_dst[3 * PAGE + 100 + 1007], 46);
	check_errno("nothing more queued", recv(sv[1], dg_dst, 1, MSG_DONTWAIT), EAGAIN);
	close(sv[0]);
	close(sv[1]);
}

/* A seqpacket from untouched data into fresh mmap pages, and MSG_PEEK
 * into other fresh ones: the message stays until the read. */
static void
seqpacket_mmap(void)
{
	int sv[2];
	unsigned char *m = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (m == MAP_FAILED) {
		printf("FAIL mmap: %s\n", errno_name(errno));
		fail();
	}
	new_pair(SOCK_SEQPACKET, sv);
	check_long("seqpacket: sent from untouched data", send(sv[0], sp_src + PAGE / 2, PAGE, 0),
		   PAGE);
	check_long("MSG_PEEK into fresh mmap pages", recv(sv[1], m + PAGE / 2, PAGE, MSG_PEEK), PAGE);
	check_long("read into other fresh ones", recv(sv[1], m + 5 * PAGE / 2, PAGE + 1, 0), PAGE);
	check_long("both got it", m[PAGE] == 7 && m[3 * PAGE] == 7, 1);
	check_errno("it was read once", recv(sv[1], m, 1, MSG_DONTWAIT), EAGAIN);
	munmap(m, 4 * PAGE);
	close(sv[0]);
	close(sv[1]);
}

/* One byte with a descriptor attached, from untouched data across a
 * page's end and into untouched bss; descriptors in rt's control. */
static long
send_rights(int sock, const void *buf, long len, int fd)
{
	struct iovec v = { (void *)buf, len };
	union { struct cmsghdr h; char room[CMSG_SPACE(sizeof(int))]; } c;
	struct msghdr m = { .msg_iov = &v, .msg_iovlen = 1, .msg_control = &c,
			    .msg_controllen = sizeof(c) };

	c.h = (struct cmsghdr){ .cmsg_len = CMSG_LEN(sizeof(int)), .cmsg_level = SOL_SOCKET,
				.cmsg_type = SCM_RIGHTS };
	memcpy(CMSG_DATA(&c.h), &fd, sizeof(fd));
	return sendmsg(sock, &m, 0);
}

/* A read of len bytes into buf: how many descriptors came with them
 * (each closed but the first, put in *fd), or -1 if the read failed. */
static int
recv_rights(int sock, void *buf, long len, int *fd, long *got)
{
	struct iovec v = { buf, len };
	union { struct cmsghdr h; char room[CMSG_SPACE(4 * sizeof(int))]; } c;
	struct msghdr m = { .msg_iov = &v, .msg_iovlen = 1, .msg_control = &c,
			    .msg_controllen = sizeof(c) };
	int n = 0;

	if ((*got = recvmsg(sock, &m, MSG_DONTWAIT)) < 0)
		return -1;
	for (struct cmsghdr *h = CMSG_FIRSTHDR(&m); h; h = CMSG_NXTHDR(&m, h)) {
		for (unsigned i = 0; h->cmsg_type == SCM_RIGHTS &&
				     CMSG_LEN(i * sizeof(int)) < h->cmsg_len; i++) {
			int x;
			memcpy(&x, CMSG_DATA(h) + i * sizeof(int), sizeof(x));
			if (n++ == 0)
				*fd = x;
			else
				close(x);
		}
	}
	return n;
}

/* SCM_RIGHTS on a message whose bytes are untouched on both sides: the
 * descriptor arrives once, with the bytes, and is the pipe's only
 * writer left (its reader sees the end once it is closed). */
static void
rights(int type, const char *name, unsigned char *src, unsigned char *dst)
{
	int sv[2], p[2], fd = -1;
	long got;
	char c;

	printf("SCM_RIGHTS, %s:\n", name);
	new_pair(type, sv);
	if (pipe(p) < 0) {
		printf("FAIL pipe: %s\n", errno_name(errno));
		fail();
	}
	check_long("  3 bytes from untouched data, a pipe's writer attached",
		   send_rights(sv[0], src, 3, p[1]), 3);
	close(p[1]);
	check_long("  one descriptor came", recv_rights(sv[1], dst, 3, &fd, &got), 1);
	check_long("  with the 3 bytes", got, 3);
	check_long("  into untouched bss", memcmp(dst, "rig", 3) == 0, 1);
	check_long("  it writes to the pipe", write(fd, "w", 1), 1);
	close(fd);
	check_long("  the pipe has it", read(p[0], &c, 1), 1);
	check_long("  and then its end: no other writer", read(p[0], &c, 1), 0);
	check_errno("  nothing more queued", recv_rights(sv[1], dst, 3, &fd, &got), EAGAIN);
	close(p[0]);
	close(sv[0]);
	close(sv[1]);
}

int
main(void)
{
	stream_big();
	dgram_whole();
	seqpacket_mmap();
	rights(SOCK_STREAM, "stream", rt_src + PAGE - 2, rt_dst + PAGE - 1);
	rights(SOCK_DGRAM, "dgram", rt_src + 3 * PAGE - 2, rt_dst + 3 * PAGE - 1);
	printf("sockfill: done\n");
	return 0;
}
