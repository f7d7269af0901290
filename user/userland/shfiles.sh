#!/bin/busybox sh
# files and directories through the shell and the coreutils: make, copy,
# move and remove, with the errors of each
mkdir -p a/b/c; ls a a/b
mkdir -p a/b; echo "status $?"
mkdir a 2>&1; echo "status $?"
echo hello >a/f.txt; echo world >>a/f.txt; cat a/f.txt
echo again >a/f.txt; echo hello >>a/f.txt; echo world >>a/f.txt; wc a/f.txt
cp a/f.txt a/b/g.txt; cat a/b/g.txt | wc -l
mv a/b/g.txt a/b/c; ls a/b/c
mv a/b/c/g.txt 'a/b/c/A Long Name.txt'; ls a/b/c
cp -r a copy; ls -R copy
cat 'copy/b/c/A Long Name.txt'
seq 1 100000 >big; cp big copy/big2; cat copy/big2 | wc -c
cmp big copy/big2 && echo same
mv copy moved; ls
mv big a/f.txt moved; ls moved
mv moved moved/b 2>&1; echo "status $?"
touch t moved/f.txt; ls t; cat moved/f.txt
echo 'echo from a script' >s; echo 'ls a' >>s; sh s
rm a 2>&1; echo "status $?"
rmdir a 2>&1; echo "status $?"
rmdir t 2>&1; echo "status $?"
cat nosuch 2>&1; echo "status $?"
sh -c 'echo x >nodir/x' 2>&1; echo "status $?"
rm t nosuch s 2>&1; ls
rm -f nosuch /no/such/dir/x; echo "status $?"
ln -s moved/f.txt link; cat link; readlink link
ln moved/big hard 2>/dev/null && echo "hard link made" || echo "no hard link"
du -s a >/dev/null && echo du ok
find . -name '*.txt' | sort
rm -rf a moved link hard
ls
