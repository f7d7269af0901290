#!/bin/sh
# Debian's static build of the host's qemu-user (qemu-user-static, the
# version of the installed qemu-user), for busybox's test suite on the
# host: each of its 20,000-odd forks and execs costs a third less CPU in
# the static binary (no shared libraries to map and relocate: 44 s
# against 65 s for the same 1,023 processes). Its qemu-riscv64-static is
# unpacked under BUILD/qemu-static, not installed (installing the package
# would register binfmt handlers for the whole host). A second run
# fetches nothing.
#   usage: tools/bbtest/qemu-static.sh BUILD
set -e
BUILD=${1:?usage: $0 BUILD}
out=$BUILD/qemu-static
version=$(dpkg-query -W -f='${Version}' qemu-user)
if [ -x "$out/qemu-riscv64-static" ] && [ "$(cat "$out/version")" = "$version" ]; then
	exit 0
fi
rm -rf "$out"
mkdir -p "$out/deb"
(cd "$out/deb" && apt-get download -q "qemu-user-static=$version" >../apt.log 2>&1) ||
	{ cat "$out/apt.log" >&2; exit 1; }
dpkg-deb --fsys-tarfile "$out"/deb/*.deb | tar -x -O ./usr/bin/qemu-riscv64-static \
	>"$out/qemu-riscv64-static"
chmod +x "$out/qemu-riscv64-static"
rm -rf "$out/deb" "$out/apt.log"
echo "$version" >"$out/version"
