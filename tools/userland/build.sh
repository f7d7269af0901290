#!/bin/sh
# The userland from Debian 12's sources, pinned below: musl built for
# riscv64 (lp64d) with Debian's riscv64-linux-gnu-gcc and installed as a
# sysroot in BUILD/musl, then busybox (config: tools/userland/busybox.config)
# and lua static against it, left in BUILD/userland/bin.
#   usage: tools/userland/build.sh BUILD
# Sources and objects live in BUILD/userland; a second run fetches nothing
# and rebuilds only what changed (make decides; musl is rebuilt only for
# another version).
set -e
MUSL=1.2.3-1
BUSYBOX=1:1.35.0-4+deb12u1
LUA=5.4.4-3+deb12u1
BUILD=${1:?usage: $0 BUILD}
HERE=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$BUILD/userland/bin"
BUILD=$(cd "$BUILD" && pwd)
OUT=$BUILD/userland
SYSROOT=$BUILD/musl
JOBS=${JOBS:-$(nproc)}

# musl's own gcc wrapper (a specs file over riscv64-linux-gnu-gcc); the
# kernel headers (<linux/*.h>, <asm/*.h>) are Debian's riscv64 cross
# package's, which the abi suite already needs: the same 6.1 headers as the
# linux source package, without unpacking 130 MB of it.
musl() {
	obj=$OUT/obj/musl
	rm -rf "$obj" "$SYSROOT"
	mkdir -p "$obj"
	(cd "$obj" && "$OUT/src/musl-$MUSL/configure" -q --target=riscv64-linux-gnu \
		CROSS_COMPILE=riscv64-linux-gnu- CC=riscv64-linux-gnu-gcc \
		--prefix="$SYSROOT" --syslibdir=/lib --enable-wrapper=gcc)
	make -s -C "$obj" -j"$JOBS"
	# The dynamic linker's name stays /lib/ld-musl-riscv64.so.1 in what
	# is linked (the image has it there); its link is made in the sysroot,
	# where qemu-riscv64 -L finds it, never in the host's /lib.
	make -s -C "$obj" install LDSO_PATHNAME="$SYSROOT/lib/ld-musl-riscv64.so.1"
	for d in linux asm asm-generic mtd; do
		cp -r "/usr/riscv64-linux-gnu/include/$d" "$SYSROOT/include/"
	done
	echo "$MUSL" >"$SYSROOT/version"
}


# defconfig, then busybox.config's lines over it; a line that did not take
# (a dependency missing) fails here rather than at run time.
busybox_config() {
	src=$OUT/src/busybox-${BUSYBOX#*:}
	mkdir -p "$1"
	make -s -C "$src" O="$1" defconfig >/dev/null
	grep -E '^(CONFIG_|# CONFIG_)' "$HERE/busybox.config" | while read -r l; do
		name=$(echo "$l" | sed -E 's/^# //; s/[= ].*//')
		sed -i -E "/^(# )?$name[= ]/d" "$1/.config"
		echo "$l" >>"$1/.config"
	done
	yes "" | make -s -C "$src" O="$1" oldconfig >/dev/null
	missing=$(grep -E '^(CONFIG_|# CONFIG_)' "$HERE/busybox.config" | while read -r l; do
		grep -qxF "$l" "$1/.config" || echo "$l"; done)
	if [ -n "$missing" ]; then
		echo "build.sh: not in busybox's .config:" $missing >&2
		exit 1
	fi
	cp "$HERE/busybox.config" "$1/busybox.config.used"
}

busybox() {
	obj=$OUT/obj/busybox
	cmp -s "$HERE/busybox.config" "$obj/busybox.config.used" || busybox_config "$obj"
	make -s -C "$obj" -j"$JOBS" CC="$SYSROOT/bin/musl-gcc" busybox
	cp "$obj/busybox" "$OUT/bin/busybox"
	# the applets it has, one a line: the image's /bin wrappers (fs.img.mk)
	qemu-riscv64 "$OUT/bin/busybox" --list >"$OUT/bin/busybox.list"
}

lua() {
	make -s -f "$HERE/lua.mk" -j"$JOBS" SRC="$OUT/src/lua5.4-$LUA/src" \
		OBJ="$OUT/obj/lua" CC="$SYSROOT/bin/musl-gcc"
	cp "$OUT/obj/lua/lua" "$OUT/bin/lua"
}

# qemu-user runs busybox --list; dpkg-dev is apt-get source's
sh "$HERE/../deps.sh" dpkg-dev gcc-riscv64-linux-gnu linux-libc-dev-riscv64-cross qemu-user
sh "$HERE/../debsrc/fetch.sh" "$OUT" "musl=$MUSL" "busybox=$BUSYBOX" "lua5.4=$LUA"
[ "$(cat "$SYSROOT/version" 2>/dev/null)" = "$MUSL" ] || musl
busybox
lua
