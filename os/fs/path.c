/*
 * Path strings only: what the kernel shows (an open file's path, the
 * running program's), never what it walks (namei.c does that).
 */
#include "kern/kern.h"
#include "fs/fs.h"

/*
 * Joins path to cwd (unless absolute) and removes ".", ".." and repeated
 * slashes, writing an absolute path of at most size bytes to out.
 */
int path_resolve(const char *cwd, const char *path, char *out, size_t size)
{
	size_t len = 0;
	const char *parts[2] = { path[0] == '/' ? "" : cwd, path };

	if (path[0] == 0)
		return -ENOENT;
	out[0] = 0;
	for (int k = 0; k < 2; k++) {
		const char *s = parts[k];
		while (*s) {
			while (*s == '/')
				s++;
			const char *start = s;
			while (*s && *s != '/')
				s++;
			size_t n = s - start;
			if (n == 0 || (n == 1 && start[0] == '.'))
				continue;
			if (n == 2 && start[0] == '.' && start[1] == '.') {
				while (len > 0 && out[--len] != '/')
					;
				out[len] = 0;
				continue;
			}
			if (len + 1 + n >= size)
				return -ENAMETOOLONG;
			out[len++] = '/';
			memcpy(out + len, start, n);
			len += n;
			out[len] = 0;
		}
	}
	if (len == 0)
		strlcpy(out, "/", size);
	return 0;
}
