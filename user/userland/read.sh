#!/bin/busybox sh
# ash's read builtin, which polls its descriptor before each byte
echo one two | while read a b; do echo "$b $a"; done
printf 'x y\nz\n' | { read a b; read c; echo "$a|$b|$c"; }
read v <<END
from a here-document
END
echo "$v"
