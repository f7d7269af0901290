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

sh "$HERE/../deps.sh" dpkg-dev gcc-riscv64-linux-gnu linux-libc-dev-riscv64-cross
sh "$HERE/../debsrc/fetch.sh" "$OUT" "musl=$MUSL" "busybox=$BUSYBOX" "lua5.4=$LUA"
[ "$(cat "$SYSROOT/version" 2>/dev/null)" = "$MUSL" ] || musl
