/*
 * What every program here shares. CHECK stops the program with exit
 * status 1, saying which line and condition failed and what errno held;
 * CHECK_ERR and CHECK_RC print "what: ENAME" for a call's error, so a
 * line says which error, not a C library's wording of it.
 */
#ifndef LIBC_CHECK_H
#define LIBC_CHECK_H
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static inline const char *errname(int e)
{
	static const struct { int e; const char *name; } names[] = {
		{0, "0"}, {EPERM, "EPERM"}, {ENOENT, "ENOENT"}, {ESRCH, "ESRCH"},
		{EINTR, "EINTR"}, {EIO, "EIO"}, {ENXIO, "ENXIO"}, {E2BIG, "E2BIG"},
		{ENOEXEC, "ENOEXEC"}, {EBADF, "EBADF"}, {ECHILD, "ECHILD"},
		{EAGAIN, "EAGAIN"}, {ENOMEM, "ENOMEM"}, {EACCES, "EACCES"},
		{EFAULT, "EFAULT"}, {EBUSY, "EBUSY"}, {EEXIST, "EEXIST"},
		{EXDEV, "EXDEV"}, {ENODEV, "ENODEV"}, {ENOTDIR, "ENOTDIR"},
		{EISDIR, "EISDIR"}, {EINVAL, "EINVAL"}, {ENFILE, "ENFILE"},
		{EMFILE, "EMFILE"}, {ENOTTY, "ENOTTY"}, {EFBIG, "EFBIG"},
		{ENOSPC, "ENOSPC"}, {ESPIPE, "ESPIPE"}, {EROFS, "EROFS"},
		{EMLINK, "EMLINK"}, {EPIPE, "EPIPE"}, {EDOM, "EDOM"},
		{ERANGE, "ERANGE"}, {EDEADLK, "EDEADLK"},
		{ENAMETOOLONG, "ENAMETOOLONG"}, {ENOLCK, "ENOLCK"},
		{ENOSYS, "ENOSYS"}, {ENOTEMPTY, "ENOTEMPTY"}, {ELOOP, "ELOOP"},
		{ENOTSUP, "ENOTSUP"}, {EOVERFLOW, "EOVERFLOW"},
		{ETIMEDOUT, "ETIMEDOUT"}, {ENOTSOCK, "ENOTSOCK"},
		{EOPNOTSUPP == ENOTSUP ? -1 : EOPNOTSUPP, "EOPNOTSUPP"},
		{ENOTCONN, "ENOTCONN"}, {ECONNREFUSED, "ECONNREFUSED"},
		{EAFNOSUPPORT, "EAFNOSUPPORT"}, {EPROTONOSUPPORT, "EPROTONOSUPPORT"},
		{ESOCKTNOSUPPORT, "ESOCKTNOSUPPORT"},
		{ECANCELED, "ECANCELED"}, {EOWNERDEAD, "EOWNERDEAD"},
		{ENOTRECOVERABLE, "ENOTRECOVERABLE"},
	};
	static char other[16];

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (names[i].e == e)
			return names[i].name;
	snprintf(other, sizeof other, "errno %d", e);
	return other;
}

#define CHECK(cond)                                                       \
	do {                                                              \
		if (!(cond)) {                                            \
			int e_ = errno;                                   \
			printf("FAIL %s:%d: %s (errno %s)\n", __FILE__,   \
			       __LINE__, #cond, errname(e_));             \
			fflush(stdout);                                   \
			exit(1);                                          \
		}                                                         \
	} while (0)

/* A call that must fail (return -1, or MAP_FAILED, or NULL) with errno e. */
#define CHECK_ERR(what, call, e)                                          \
	do {                                                              \
		errno = 0;                                                \
		long r_ = (long)(call);                                   \
		int e_ = errno;                                           \
		if ((r_ != -1 && r_ != 0) || e_ != (e)) {                 \
			printf("FAIL %s:%d: %s returned %ld, errno %s; "  \
			       "expected %s\n", __FILE__, __LINE__,       \
			       what, r_, errname(e_), errname(e));        \
			fflush(stdout);                                   \
			exit(1);                                          \
		}                                                         \
		printf("%s: %s\n", what, errname(e_));                    \
	} while (0)

/* A call that returns an error number (the pthread_* way) and must return
 * e, 0 included. */
#define CHECK_RC(what, call, e)                                           \
	do {                                                              \
		int rc_ = (call);                                         \
		if (rc_ != (e)) {                                         \
			printf("FAIL %s:%d: %s returned %s; expected %s\n", \
			       __FILE__, __LINE__, what, errname(rc_),    \
			       errname(e));                               \
			fflush(stdout);                                   \
			exit(1);                                          \
		}                                                         \
		printf("%s: %s\n", what, errname(rc_));                   \
	} while (0)

/* A relation the program checks and prints: "what: yes". */
#define SAY(what, cond) printf("%s: %s\n", what, (cond) ? "yes" : "no")
#endif
