#!/bin/busybox sh
# pipelines, lists and redirections: pipes between several processes,
# a megabyte through a pipe, statuses, and the errors of each
seq 1 100000 >big
echo a b c | wc
echo hello | cat | cat | cat | wc -c
wc <big
wc -l <big | cat
cat big | wc -c
<big cat|wc -c
cat big big big big | tail -n 1
cat big | true; echo "status $?"
cat big | head -n 2
echo one; echo two ;
false | true; echo "false|true $?"
true | false; echo "true|false $?"
sh -c 'echo x | exit 3'; echo "exit in a pipe $?"
false; true; false; echo "list $?"
sh -c 'cat </no/such' 2>&1; echo "status $?"
sh -c 'echo a | nosuch' 2>&1; echo "status $?"
sh -c 'nosuch; echo after' 2>&1
sh -c 'echo a |' 2>&1; echo "status $?"
sh -c '| echo a' 2>&1; echo "status $?"
sh -c 'echo a > ' 2>&1; echo "status $?"
echo out >f; echo more >>f; cat f; echo err 2>&1 >/dev/null | wc -c
{ echo to-out; echo to-err >&2; } 2>e >o; cat o e
exec 3>three; echo via3 >&3; exec 3>&-; cat three
cat <<EOT | tr a-z A-Z
here $HOME-less
EOT
yes | head -n 3
seq 1 5 | while read n; do echo "n=$n"; done | tail -n 2
rm -f big f o e three
