#!/bin/busybox sh
# busybox's coreutils on files of our own, in the current directory
printf 'pear\napple\nfig\napple\nbanana\n' >fruit
printf 'one two three\nfour five\n' >words
cat fruit words | wc -l
wc -w -c words
busybox wc -w -c words
head -n 2 fruit
tail -n 2 fruit
tail -c 6 words
sort fruit | uniq -c
sort -r fruit | head -1
sort -u fruit | tr '\n' ' '; echo
cut -d ' ' -f 2 words
cut -c 1-3 fruit | tr a-z A-Z
echo hello | tr -d l
seq 2 3 11
seq -s , 5
printf '%05d|%-4s|%x|%.3f\n' 42 ab 255 3.14159
expr 6 \* 7
expr length "hello world"
test 3 -lt 5 && echo lt
[ -f fruit ] && [ ! -d fruit ] && echo file
[ abc = abd ] || echo differ
od -c words | head -2
printf '\001\002\377AZ' | od -An -tx1
hexdump -C words
md5sum fruit words
sha256sum fruit
sha1sum words
cp fruit f2 && cmp fruit f2 && echo same
echo extra >>f2; cmp fruit f2 || echo "cmp: $?"
mv f2 f3 && ls f2 2>/dev/null || echo moved
ls
busybox ls | cat  # a pipe: no tty, so no columns or colours
busybox ls -s | cat
rm fruit words f3
ls | wc -l
basename /a/b/c.txt .txt
dirname /a/b/c.txt
yes x | head -3
echo $(( $(date +%s) > 1600000000 ))
date -u -d @1000000000 '+%Y-%m-%d %H:%M:%S %a'
