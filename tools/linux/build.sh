#!/bin/sh
# Fetches Debian 12's linux source package (pinned below), builds
# tinyconfig + tools/linux/bench.config for riscv64 and leaves the Image
# at $OUT/Image; then the same plus tools/linux/smp.config (SMP, for the
# rows of make bench-linux that need two harts) at $OUT/Image-smp. The
# one-hart rows keep the uniprocessor build, whose costs they have always
# compared with. Everything is cached under $OUT: a second run rebuilds
# nothing (make decides) and fetches nothing.
#   usage: tools/linux/build.sh OUT      (make bench-linux: OUT=build/linux)
# The fetch (apt through a sources list of our own, checked against the
# .dsc) is tools/debsrc/fetch.sh's.
set -e
VERSION=6.1.176-1
OUT=${1:?usage: $0 OUT}
HERE=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
SRC="$OUT/src/linux-$VERSION"
KMAKE="make -s -C $SRC ARCH=riscv CROSS_COMPILE=riscv64-linux-gnu-"

# configure OBJ FRAGMENT...: tinyconfig plus the fragments, in OBJ
configure() {
	obj=$1
	shift
	mkdir -p "$obj"
	$KMAKE O="$obj" tinyconfig
	"$SRC/scripts/kconfig/merge_config.sh" -m -O "$obj" "$obj/.config" "$@" >/dev/null
	$KMAKE O="$obj" olddefconfig
	# a line that did not take (a missing dependency) fails here, not at boot
	missing=$(cat "$@" | grep '^CONFIG_' | while read -r l; do
		grep -qx "$l" "$obj/.config" || echo "$l"; done)
	if [ -n "$missing" ]; then
		echo "build.sh: not in the merged .config:" $missing >&2
		exit 1
	fi
	stamp "$@" >"$obj/bench.config.used"
}

# what a build was configured from: the version and the fragments
stamp() {
	echo "# linux $VERSION"
	cat "$@"
}

# build OBJ IMAGE FRAGMENT...: configures OBJ if its fragments changed,
# makes the Image and copies it to IMAGE
build() {
	obj=$1
	image=$2
	shift 2
	stamp "$@" | cmp -s - "$obj/bench.config.used" 2>/dev/null || configure "$obj" "$@"
	$KMAKE O="$obj" -j"$(nproc)" Image
	cp "$obj/arch/riscv/boot/Image" "$image"
}

# Linux's build needs flex, bison and bc
sh "$HERE/../deps.sh" flex bison bc gcc-riscv64-linux-gnu
sh "$HERE/../debsrc/fetch.sh" "$OUT" "linux=$VERSION"
build "$OUT/obj" "$OUT/Image" "$HERE/bench.config"
build "$OUT/obj-smp" "$OUT/Image-smp" "$HERE/bench.config" "$HERE/smp.config"
