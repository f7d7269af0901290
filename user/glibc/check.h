/*
 * The one helper every program here shares: CHECK stops the program with
 * exit status 1 and says which line and condition failed, and what errno
 * held (as text: the numbers differ between C libraries).
 */
#ifndef GLIBC_CHECK_H
#define GLIBC_CHECK_H
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(cond)                                                       \
	do {                                                              \
		if (!(cond)) {                                            \
			int e_ = errno;                                   \
			printf("FAIL %s:%d: %s (errno: %s)\n", __FILE__,  \
			       __LINE__, #cond, strerror(e_));            \
			fflush(stdout);                                   \
			exit(1);                                          \
		}                                                         \
	} while (0)

/* A call that must fail with errno e; prints "what: strerror(e)". */
#define CHECK_ERR(what, call, e)                                          \
	do {                                                              \
		errno = 0;                                                \
		long r_ = (long)(call);                                   \
		int e_ = errno;                                           \
		if (r_ != -1 || e_ != (e)) {                              \
			printf("FAIL %s:%d: %s returned %ld, errno %s; "  \
			       "expected -1, %s\n", __FILE__, __LINE__,   \
			       what, r_, strerror(e_), strerror(e));      \
			fflush(stdout);                                   \
			exit(1);                                          \
		}                                                         \
		printf("%s: %s\n", what, strerror(e_));                   \
	} while (0)

/* A call that returns an error number (the pthread_* way) and must return
 * e, 0 included; prints "what: strerror(e)". */
#define CHECK_RC(what, call, e)                                           \
	do {                                                              \
		int rc_ = (call);                                         \
		if (rc_ != (e)) {                                         \
			printf("FAIL %s:%d: %s returned %s; expected %s\n", \
			       __FILE__, __LINE__, what, strerror(rc_),   \
			       strerror(e));                              \
			fflush(stdout);                                   \
			exit(1);                                          \
		}                                                         \
		printf("%s: %s\n", what, strerror(rc_));                 \
	} while (0)
#endif
