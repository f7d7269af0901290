#!/bin/busybox sh
# ash: lists, status, pipelines, functions, expansions, control flow
true && echo and-true
false && echo never
false || echo or-false
false; echo "status $?"
(exit 7); echo "subshell $?"
echo abc | grep -q b; echo "pipeline $?"
! false && echo negated
add() { echo $(( $1 + $2 )); }
add 2 40
fact() { if [ "$1" -le 1 ]; then echo 1; else echo $(( $1 * $(fact $(( $1 - 1 ))) )); fi; }
fact 10
count() { local n=0; for w in "$@"; do n=$((n + 1)); done; return $n; }
count a b c; echo "returned $?"
x=hello.tar.gz
echo ${x%.gz} ${x%%.*} ${x#*.} ${#x} ${y:-default}
for i in 1 2 3; do printf '%s-' $i; done; echo
i=0; while [ $i -lt 5 ]; do i=$((i + 1)); [ $i -eq 2 ] && continue; [ $i -eq 4 ] && break; echo "i=$i"; done
case $x in *.gz) echo gzip;; *) echo other;; esac
set -- one two three; echo "$# $2 $*"
shift; echo "$1"
v=$(echo inner | tr a-z A-Z); echo "$v"
cat <<END
here $v
END
trap 'echo trapped' EXIT
r=$(ash -c 'exit 3'; echo $?); echo "child $r"
echo $((7 / 2)) $((7 % 3)) $((1 << 4)) $((0x10))
ash -c 'set -e; false; echo not reached'; echo "set -e $?"
echo a >f1; echo b >>f1; wc -l <f1; rm f1
{ echo grouped; echo to stderr >&2; } 2>&1 | sort
