#!/bin/sh
# Installs the Debian 12 packages the build, `make run` and `make test`
# need, if any are missing. As root it runs apt-get itself; otherwise it
# prints the exact command and fails. With arguments it checks those
# packages instead (tools/linux/build.sh: what building Linux needs).
set -e
PKGS="$*"
[ -n "$PKGS" ] || PKGS="gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf binutils-riscv64-unknown-elf
qemu-system-misc opensbi mtools dosfstools python3 python3-pexpect qemu-user
gcc clang gcc-riscv64-linux-gnu libc6-dev-riscv64-cross linux-libc-dev-riscv64-cross
dpkg-dev
libclang-rt-14-dev
gdb-multiarch"

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0

cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y$missing"
if [ "$(id -u)" != 0 ]; then
	echo "Missing packages:$missing" >&2
	echo "Install them with: sudo sh -c '$cmd'" >&2
	exit 1
fi
echo "Installing:$missing"
sh -c "$cmd"
