#!/bin/sh
# Builds the fuzzer's base image OUT: a 64 MiB FAT32 volume (the smallest
# size mtools accepts) holding a little of everything the library parses:
# short names with case bits, long names, a subdirectory tree, a file of
# several clusters, an empty file and a deleted entry. Its non-zero sectors
# are what fuzz_fat.c lets the fuzzer mutate: keep them few (at most 64).
set -eu
out=$1
tmp=$out.d
export MTOOLS_SKIP_CHECK=1
export LC_ALL=C.UTF-8
rm -rf "$tmp" "$out"
mkdir -p "$tmp"
mkfs.fat -F 32 -n FUZZ -i 0 -C "$out" 65536 >/dev/null
printf 'hello\n' > "$tmp/small.txt"
printf 'upper\n' > "$tmp/UPPER.TXT"
seq 1 400 > "$tmp/three clusters.txt"
: > "$tmp/empty"
printf 'deep\n' > "$tmp/Deep File Name.txt"
printf 'gone\n' > "$tmp/deleted with long name.txt"
mcopy -i "$out" "$tmp/small.txt" "$tmp/UPPER.TXT" "$tmp/three clusters.txt" \
	"$tmp/empty" "$tmp/deleted with long name.txt" ::/
mmd -i "$out" "::/Sub Dir" "::/Sub Dir/d2"
mcopy -i "$out" "$tmp/Deep File Name.txt" "::/Sub Dir/d2/"
mcopy -i "$out" "$tmp/small.txt" "::/Sub Dir/"
mdel -i "$out" "::/deleted with long name.txt"
rm -rf "$tmp"
