/*
 * Raw system calls' errors: a call through syscallN returns Linux's
 * -errno, and these name Linux's numbers themselves (check.h's errno_name
 * names the library's errno, and fewer of them).
 */
#ifndef TESTS_RAWERR_H
#define TESTS_RAWERR_H
#include <stdio.h>

#include "check.h"

/* Linux's name of a raw -errno r, or the number. */
static inline const char *
ename(long r)
{
	static const struct { int no; const char *name; } t[] = {
		{ 1, "EPERM" },	       { 2, "ENOENT" },	      { 3, "ESRCH" },
		{ 4, "EINTR" },
		{ 6, "ENXIO" },	       { 9, "EBADF" },	      { 11, "EAGAIN" },
		{ 13, "EACCES" },      { 14, "EFAULT" },      { 17, "EEXIST" },
		{ 18, "EXDEV" },       { 20, "ENOTDIR" },     { 21, "EISDIR" },
		{ 22, "EINVAL" },
		{ 29, "ESPIPE" },      { 32, "EPIPE" },	      { 40, "ELOOP" },
		{ 88, "ENOTSOCK" },    { 90, "EMSGSIZE" },    { 91, "EPROTOTYPE" },
		{ 92, "ENOPROTOOPT" }, { 93, "EPROTONOSUPPORT" }, { 94, "ESOCKTNOSUPPORT" },
		{ 95, "EOPNOTSUPP" },  { 97, "EAFNOSUPPORT" }, { 98, "EADDRINUSE" },
		{ 106, "EISCONN" },    { 107, "ENOTCONN" },   { 111, "ECONNREFUSED" },
	};
	static char s[24];

	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		if (t[i].no == -r)
			return t[i].name;
	snprintf(s, sizeof s, "%ld", r);
	return s;
}

/* A raw call that must fail with -want. */
static inline void
check_err(const char *what, long r, long want)
{
	if (r != -want) {
		printf("FAIL %s: expected %s, got %s\n", what, ename(-want), ename(r));
		fail();
	}
	printf("ok %s -> %s\n", what, ename(r));
}
#endif
