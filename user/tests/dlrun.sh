#!/bin/sh
# dlrun: loads objects from /lib/obj and calls into them: plain functions,
# one object using another's (calc.o needs mathlib.o), globals and
# strings, the program's own C library, and every relocation type
# (relocs.o: each r_* check returns 0 when right); then the errors.
dlrun /lib/obj/mathlib.o add 2 3
dlrun /lib/obj/mathlib.o op 5 20 0
dlrun /lib/obj/mathlib.o op 4 84 36
dlrun /lib/obj/calc.o calc_poly 7
dlrun /lib/obj/calc.o calc_apply 4 3 4
dlrun /lib/obj/strs.o join 5
dlrun /lib/obj/strs.o bump 2
dlrun /lib/obj/strs.o vowels
dlrun /lib/obj/hostcall.o greet 42
dlrun /lib/obj/relocs.o r_jumps 1
dlrun /lib/obj/relocs.o r_pairs
dlrun /lib/obj/relocs.o r_align
dlrun /lib/obj/relocs.o r_pcrel 9
dlrun /lib/obj/relocs.o r_abs 3
dlrun /lib/obj/mathlib.o nosuch
echo status $?
dlrun /lib/obj/nosuch.o add
echo status $?
dlrun /bin/echo main
echo status $?
dlrun /lib/obj/bad/reltype.o add 1 2
echo status $?
dlrun /lib/obj/mathlib.o add x
echo status $?
