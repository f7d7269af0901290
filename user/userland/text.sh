#!/bin/busybox sh
# grep, sed, awk, find and xargs over a small tree
mkdir -p tree/a/b tree/c
printf 'alpha 1\nbeta 22\ngamma 333\nALPHA 4\n' >tree/a/list
printf 'x=1\ny=2\n' >tree/a/b/conf
printf 'nothing here\n' >tree/c/empty.txt
grep alpha tree/a/list
grep -i alpha tree/a/list
grep -c a tree/a/list
grep -n -E '[0-9]{3}' tree/a/list
grep -v a tree/a/list
grep -r -l '=' tree
grep -q beta tree/a/list && echo found
grep nosuch tree/a/list; echo "grep status $?"
sed 's/[0-9]\+/N/' tree/a/list
sed -n '2,3p' tree/a/list
sed -e '/beta/d' -e 's/^/> /' tree/a/list
sed 's/\(.*\)=\(.*\)/\2=\1/' tree/a/b/conf
awk '{ n += $2 } END { print NR, n }' tree/a/list
awk -F= '{ printf "%s is %d\n", $1, $2 * 10 }' tree/a/b/conf
awk 'BEGIN { split("c b a", v); for (i = 3; i >= 1; i--) printf "%s", v[i]; print "" }'
awk 'length($1) > 4 { print toupper($1) }' tree/a/list
find tree -type f | sort
find tree -name '*.txt'
find tree -type d | sort | wc -l
find tree -type f | sort | xargs wc -l
echo tree/a/list tree/a/b/conf | xargs -n 1 basename
find tree -type f -name conf -exec cat {} \;
rm -r tree
[ -e tree ] || echo removed
