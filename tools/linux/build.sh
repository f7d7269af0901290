#!/bin/sh
# Fetches Debian 12's linux source package (pinned below), builds
# tinyconfig + tools/linux/bench.config for riscv64 and leaves the Image
# at $OUT/Image. Everything is cached under $OUT: a second run rebuilds
# nothing (make decides) and fetches nothing.
#   usage: tools/linux/build.sh OUT      (make bench-linux: OUT=build/linux)
# apt reads a sources list of our own ($OUT/apt), so the system's lists are
# untouched; apt checks the files against the Sources index of the signed
# Release file, dpkg-source checks them against the .dsc.
set -e
VERSION=6.1.176-1
OUT=${1:?usage: $0 OUT}
HERE=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
APT="$OUT/apt"
SRC="$OUT/src/linux-$VERSION"
OBJ="$OUT/obj"
KMAKE="make -s -C $SRC O=$OBJ ARCH=riscv CROSS_COMPILE=riscv64-linux-gnu-"

apt_opts() {
	echo "-o Dir::Etc::SourceList=$APT/sources.list -o Dir::Etc::SourceParts=/dev/null" \
		"-o Dir::State::Lists=$APT/lists -o Dir::Cache=$APT/cache" \
		"-o Dir::Etc::Preferences=/dev/null -o Dir::Etc::PreferencesParts=/dev/null" \
		"-o APT::Sandbox::User=root"
}

fetch() {
	mkdir -p "$APT/lists/partial" "$APT/cache/archives/partial" "$OUT/src"
	cat >"$APT/sources.list" <<-LIST
	deb-src http://deb.debian.org/debian bookworm main
	deb-src http://deb.debian.org/debian-security bookworm-security main
	LIST
	apt-get $(apt_opts) -q update
	(cd "$OUT/src" && apt-get $(apt_opts) -q source --download-only "linux=$VERSION")
	# dpkg-source checks each file's size and checksums against the .dsc
	rm -rf "$SRC.tmp"
	(cd "$OUT/src" && dpkg-source -q -x "linux_$VERSION.dsc" "$SRC.tmp")
	mv "$SRC.tmp" "$SRC"
}

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

# apt-get source needs dpkg-dev; Linux's build, flex, bison and bc
sh "$HERE/../deps.sh" dpkg-dev flex bison bc gcc-riscv64-linux-gnu
[ -d "$SRC" ] || fetch
stamp | cmp -s - "$OBJ/bench.config.used" 2>/dev/null || configure
$KMAKE -j"$(nproc)" Image
cp "$OBJ/arch/riscv/boot/Image" "$OUT/Image"
