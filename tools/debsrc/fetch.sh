#!/bin/sh
# Fetches Debian 12 source packages pinned by version and unpacks each
# into DIR/src/PKG-VERSION (the name is dpkg's: PKG_VERSION.dsc without
# an epoch). A package already unpacked is neither fetched nor unpacked
# again, and apt's lists are only read from the network when one is missing.
#   usage: tools/debsrc/fetch.sh DIR PKG=VERSION...
# apt reads a sources list of our own (DIR/apt), so the system's lists are
# untouched and a machine without deb-src lines still works; apt checks
# the files against the Sources index of the signed Release file,
# dpkg-source checks them against the .dsc.
# Used by tools/linux/build.sh and tools/userland/build.sh.
set -e
DIR=${1:?usage: $0 DIR PKG=VERSION...}
shift
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
APT="$DIR/apt"

apt_opts() {
	echo "-o Dir::Etc::SourceList=$APT/sources.list -o Dir::Etc::SourceParts=/dev/null" \
		"-o Dir::State::Lists=$APT/lists -o Dir::Cache=$APT/cache" \
		"-o Dir::Etc::Preferences=/dev/null -o Dir::Etc::PreferencesParts=/dev/null" \
		"-o APT::Sandbox::User=root"
}

update() {
	mkdir -p "$APT/lists/partial" "$APT/cache/archives/partial" "$DIR/src"
	cat >"$APT/sources.list" <<-LIST
	deb-src http://deb.debian.org/debian bookworm main
	deb-src http://deb.debian.org/debian-security bookworm-security main
	LIST
	apt-get $(apt_opts) -q update
}

# PKG=[EPOCH:]UPSTREAM-REVISION -> the directory dpkg-source makes of it
srcdir() {
	v=${1#*=}
	echo "$DIR/src/${1%%=*}-${v#*:}"
}

fetch() {
	[ -f "$APT/sources.list" ] || update
	v=${1#*=}
	(cd "$DIR/src" && apt-get $(apt_opts) -q source --download-only "$1")
	# dpkg-source checks each file's size and checksums against the .dsc
	out=$(srcdir "$1")
	rm -rf "$out.tmp"
	(cd "$DIR/src" && dpkg-source -q -x "${1%%=*}_${v#*:}.dsc" "$out.tmp")
	mv "$out.tmp" "$out"
}

sh "$(dirname "$0")/../deps.sh" dpkg-dev
for p in "$@"; do
	[ -d "$(srcdir "$p")" ] || fetch "$p"
done
