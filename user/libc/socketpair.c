/*
 * socketpair through musl: AF_UNIX stream, datagram and seqpacket pairs
 * (boundaries kept or not), SOCK_NONBLOCK and SOCK_CLOEXEC, MSG_PEEK,
 * MSG_DONTWAIT, shutdown, EPIPE with MSG_NOSIGNAL, SO_TYPE, passing a
 * descriptor with SCM_RIGHTS, and the errors of each.
 */
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>
#include "check.h"

static void stream(void)
{
	int sv[2];
	char buf[32] = "";
	int type;
	socklen_t len = sizeof type;

	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
	CHECK(getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &type, &len) == 0);
	SAY("SO_TYPE SOCK_STREAM", type == SOCK_STREAM);
	CHECK(send(sv[0], "abc", 3, 0) == 3 && send(sv[0], "def", 3, 0) == 3);
	usleep(10000);
	printf("MSG_PEEK: %zd\n", recv(sv[1], buf, sizeof buf, MSG_PEEK));
	ssize_t n = recv(sv[1], buf, sizeof buf, 0);
	buf[n] = 0;
	printf("stream: two sends read as one: %s\n", buf);
	CHECK_ERR("recv MSG_DONTWAIT on empty", recv(sv[1], buf, 1, MSG_DONTWAIT), EAGAIN);
	CHECK(write(sv[1], "back", 4) == 4 && read(sv[0], buf, 4) == 4);
	printf("the other way: %.4s\n", buf);
	CHECK(shutdown(sv[0], SHUT_WR) == 0);
	printf("after the peer's SHUT_WR: recv %zd\n", recv(sv[1], buf, 1, 0));
	CHECK_ERR("send after own SHUT_WR", send(sv[0], "x", 1, MSG_NOSIGNAL), EPIPE);
	CHECK_ERR("shutdown bad how", shutdown(sv[0], 42), EINVAL);
	close(sv[1]);
	CHECK_ERR("recv on a non-socket", recv(0 + open("/", O_RDONLY), buf, 1, 0), ENOTSOCK);
	close(sv[0]);

	CHECK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv) == 0);
	SAY("SOCK_NONBLOCK|SOCK_CLOEXEC", (fcntl(sv[0], F_GETFL) & O_NONBLOCK) &&
	    fcntl(sv[1], F_GETFD) == FD_CLOEXEC);
	CHECK_ERR("read nonblocking empty", read(sv[0], buf, 1), EAGAIN);
	close(sv[1]);
	printf("read after the peer closed: %zd\n", read(sv[0], buf, 1));
	CHECK_ERR("send to a closed peer, MSG_NOSIGNAL", send(sv[0], "x", 1, MSG_NOSIGNAL), EPIPE);
	close(sv[0]);
}

static void datagrams(void)
{
	int sv[2];
	char buf[32] = "";

	for (int type = SOCK_DGRAM; type; type = type == SOCK_DGRAM ? SOCK_SEQPACKET : 0) {
		const char *name = type == SOCK_DGRAM ? "SOCK_DGRAM" : "SOCK_SEQPACKET";
		if (socketpair(AF_UNIX, type, 0, sv) != 0) {
			printf("%s: %s\n", name, errname(errno));
			continue;
		}
		CHECK(send(sv[0], "abc", 3, 0) == 3 && send(sv[0], "defgh", 5, 0) == 5);
		ssize_t a = recv(sv[1], buf, sizeof buf, 0), b = recv(sv[1], buf, 2, 0);
		printf("%s: boundaries kept: %zd then %zd (truncated to 2)\n", name, a, b);
		CHECK_ERR("nothing left, MSG_DONTWAIT", recv(sv[1], buf, 1, MSG_DONTWAIT), EAGAIN);
		close(sv[0]);
		close(sv[1]);
	}
}

static void pass_fd(void)
{
	int sv[2], fd = open("socketpair.f", O_CREAT | O_RDWR | O_TRUNC, 0644);
	char data = 'x', cbuf[CMSG_SPACE(sizeof(int))] = { 0 }, text[8] = "";
	struct iovec iov = { &data, 1 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
			    .msg_controllen = sizeof cbuf };

	CHECK(fd >= 0 && write(fd, "passed", 6) == 6);
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
	struct cmsghdr *c = CMSG_FIRSTHDR(&m);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof fd);
	CHECK(sendmsg(sv[0], &m, 0) == 1);
	close(fd);
	memset(cbuf, 0, sizeof cbuf);
	m.msg_controllen = sizeof cbuf;
	CHECK(recvmsg(sv[1], &m, 0) == 1);
	c = CMSG_FIRSTHDR(&m);
	CHECK(c && c->cmsg_type == SCM_RIGHTS);
	int got;
	memcpy(&got, CMSG_DATA(c), sizeof got);
	CHECK(pread(got, text, 6, 0) == 6);
	printf("SCM_RIGHTS: the received fd reads \"%s\"\n", text);
	close(got);
	close(sv[0]);
	close(sv[1]);
	CHECK(unlink("socketpair.f") == 0);
}

int main(void)
{
	int sv[2];

	alarm(30);
	stream();
	datagrams();
	pass_fd();
	CHECK_ERR("socketpair AF_INET", socketpair(AF_INET, SOCK_STREAM, 0, sv), EOPNOTSUPP);
	CHECK_ERR("socketpair bad family", socketpair(12345, SOCK_STREAM, 0, sv), EAFNOSUPPORT);
	CHECK_ERR("socketpair bad type", socketpair(AF_UNIX, 9, 0, sv), ESOCKTNOSUPPORT);
	CHECK_ERR("socketpair bad protocol", socketpair(AF_UNIX, SOCK_STREAM, 7, sv), EPROTONOSUPPORT);
	int *nowhere = (int *)16;
	__asm__("" : "+r"(nowhere));	/* keep gcc from judging the call */
	CHECK_ERR("socketpair EFAULT", socketpair(AF_UNIX, SOCK_STREAM, 0, nowhere), EFAULT);
	return 0;
}
