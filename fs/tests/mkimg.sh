#!/bin/sh
# Builds the host tree the FAT tests expect (OUT/src) and FAT images holding
# it, made with dosfstools and mtools so the library is checked against
# images it did not write:
#   OUT/fat32-512.img  64 MiB, 512-byte clusters, volume at sector 0
#   OUT/fat32-4k.img   512 MiB sparse, 4 KiB clusters, volume at sector 2048
#   OUT/fat16.img      a FAT16 volume, which fat_mount must refuse
# Every image also holds deleted files (0xE5 entries) absent from OUT/src.
set -eu

out=$1
src=$out/src
export MTOOLS_SKIP_CHECK=1
export LC_ALL=C.UTF-8   # mtools makes long names from the locale's charset

# Fills the host tree: every kind of name, size and depth under test.
make_tree() {
	rm -rf "$src"
	mkdir -p "$src/d1/d2/d3/d4" "$src/d1/Sub Dir Two" "$src/many"
	printf 'hello, fat\n' > "$src/small.txt"
	printf 'upper case 8.3\n' > "$src/README.TXT"
	printf 'lower base, upper ext\n' > "$src/lower.TXT"
	printf 'mixed\n' > "$src/MixedCase.Txt"
	printf 'dots\n' > "$src/a.b.c.d"
	printf 'spaces\n' > "$src/Long File Name With Spaces.txt"
	printf 'accents\n' > "$src/café résumé.txt"
	printf 'long\n' > "$src/$(printf 'A%.0s' $(seq 1 120)) very long name.txt"
	: > "$src/empty.dat"
	for n in 1 511 512 513 4095 4096 4097 12345; do
		head -c $n /dev/urandom > "$src/size$n.bin"
	done
	head -c 3145728 /dev/urandom > "$src/big.bin"
	head -c 200000 /dev/urandom > "$src/fragmented.bin"
	printf 'deep\n' > "$src/d1/d2/d3/d4/deep.txt"
	printf 'mid\n' > "$src/d1/d2/mid.txt"
	printf 'sub\n' > "$src/d1/Sub Dir Two/In Sub Dir.txt"
	for i in $(seq -w 0 199); do
		printf '%s\n' "$i" > "$src/many/file number $i of the big dir.txt"
	done
}

# Copies OUT/src into image $1 (mtools -i spec), leaving deleted entries
# in the root and in the middle of many/, and fragmented.bin in pieces.
fill_image() {
	img=$1
	tmp=$out/tmp
	rm -rf "$tmp"
	mkdir -p "$tmp"
	for i in 0 1 2 3 4 5 6 7; do
		head -c 3000 /dev/urandom > "$tmp/hole$i.tmp"
		mcopy -i "$img" "$tmp/hole$i.tmp" ::/
	done
	mdel -i "$img" ::/hole0.tmp ::/hole2.tmp ::/hole4.tmp ::/hole6.tmp
	forget_next_free "$img"
	mcopy -i "$img" "$src/fragmented.bin" ::/
	mdel -i "$img" ::/hole1.tmp ::/hole3.tmp ::/hole5.tmp ::/hole7.tmp
	for f in "$src"/*; do
		case ${f##*/} in fragmented.bin|many) continue ;; esac
		mcopy -s -i "$img" "$f" ::/
	done
	mmd -i "$img" ::/many
	for i in $(seq -w 0 199); do
		mcopy -i "$img" "$src/many/file number $i of the big dir.txt" ::/many/
		if [ "${i#?}" = 50 ]; then
			printf 'gone\n' > "$tmp/gone $i with long name.txt"
			mcopy -i "$img" "$tmp/gone $i with long name.txt" ::/many/
			mcopy -i "$img" "$tmp/hole0.tmp" ::/many/GONE$i.TMP
		fi
	done
	mdel -i "$img" "::/many/gone *" "::/many/GONE*"
	rm -rf "$tmp"
}

# Sets FSInfo's next-free hint to "unknown" so mtools allocates from the
# start of the FAT and fills the holes: a fragmented file for the tests.
forget_next_free() {
	file=${1%@@*}
	off=0
	case $1 in *@@*) off=$(( ${1#*@@} )) ;; esac
	printf '\377\377\377\377' |
		dd of="$file" bs=1 seek=$((off + 512 + 492)) conv=notrunc 2>/dev/null
}

mkdir -p "$out"
make_tree
rm -f "$out"/*.img
mkfs.fat -F 32 -C "$out/fat32-512.img" 65536 >/dev/null
fill_image "$out/fat32-512.img"
mkfs.fat -F 32 -s 8 --offset 2048 -C "$out/fat32-4k.img" 524288 >/dev/null
fill_image "$out/fat32-4k.img@@1048576"
mkfs.fat -F 16 -C "$out/fat16.img" 65536 >/dev/null
