# lua 5.4, static on musl: the `linux-noreadline` target of lua's own
# src/Makefile (LUA_USE_LINUX, no readline), rewritten without the libtool
# that Debian's patch to that Makefile brings in. The sources are Debian's,
# patches applied (module paths, two CVE fixes).
#   make -f tools/userland/lua.mk SRC=.../lua5.4-VERSION/src OBJ=DIR CC=musl-gcc
# leaves DIR/lua; make decides what to rebuild.
CFLAGS := -std=gnu99 -O2 -Wall -Wextra -DLUA_COMPAT_5_3 -DLUA_USE_LINUX -I$(OBJ)
LUA_SRCS := $(filter-out $(SRC)/luac.c,$(wildcard $(SRC)/*.c))
LUA_OBJS := $(patsubst $(SRC)/%.c,$(OBJ)/%.o,$(LUA_SRCS))

$(OBJ)/lua: $(LUA_OBJS)
	$(CC) -static -o $@ $^ -lm

$(OBJ)/%.o: $(SRC)/%.c $(wildcard $(SRC)/*.h) $(OBJ)/lua5.4-deb-multiarch.h
	$(CC) $(CFLAGS) -c -o $@ $<

# Debian's luaconf.h names C module directories by the multiarch triplet,
# which debian/rules writes into this header; ours is musl's.
$(OBJ)/lua5.4-deb-multiarch.h:
	@mkdir -p $(@D)
	echo '#define DEB_HOST_MULTIARCH "riscv64-linux-musl"' >$@
