#!/bin/sh
# Fetches Debian 12's linux source package (pinned below), builds
# tinyconfig + tools/linux/bench.config for riscv64 and leaves the Image
# at $OUT/Image. Everything is cached under $OUT: a second run rebuilds
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
OBJ="$OUT/obj"
KMAKE="make -s -C $SRC O=$OBJ ARCH=riscv CROSS_COMPILE=riscv64-linux-gnu-"

configure() {
	mkdir -p "$OBJ"
	$KMAKE tinyconfig
	"$SRC/scripts/kconfig/merge_config.sh" -m -O "$OBJ" "$OBJ/.config" \
		"$HERE/bench.config" >/dev/null
	$KMAKE olddefconfig
	# a line that did not take (a missing dependency) fails here, not at boot
	missing=$(grep '^CONFIG_' "$HERE/bench.config" | while read -r l; do
		grep -qx "$l" "$OBJ/.config" || echo "$l"; done)
	if [ -n "$missing" ]; then
		echo "build.sh: not in the merged .config:" $missing >&2
		exit 1
	fi
	stamp >"$OBJ/bench.config.used"
}

# what the build in $OBJ was configured from: the version and the fragment
stamp() {
	echo "# linux $VERSION"
	cat "$HERE/bench.config"
}

# Linux's build needs flex, bison and bc
sh "$HERE/../deps.sh" flex bison bc gcc-riscv64-linux-gnu
sh "$HERE/../debsrc/fetch.sh" "$OUT" "linux=$VERSION"
stamp | cmp -s - "$OBJ/bench.config.used" 2>/dev/null || configure
$KMAKE -j"$(nproc)" Image
cp "$OBJ/arch/riscv/boot/Image" "$OUT/Image"
