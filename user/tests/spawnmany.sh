#!/bin/sh
# spawnmany: glibc's posix_spawn 4000 times by 4 workers (user/glibc/spawn_many.c)
/linux/spawn_many 1000
