#!/bin/busybox sh
# parameters and variables: where $ expands, the environment a child
# gets, $?, $$, export and unset, positional parameters
GREETING=hi
export GREETING
echo $GREETING ${GREETING}x "$GREETING"
echo '$GREETING' "\$GREETING" \$GREETING "'$GREETING'"
echo "$GREETING"'$GREETING'\$"$"
echo $ a$ "$" $1x
echo a${NOSUCH}b $NOSUCH "[$NOSUCH]" end
$NOSUCH echo first word dropped
sh -c 'echo ${GREETING' 2>&1; echo "status $?"
echo $?; false; echo $?; true; echo $?
sh -c 'nosuch; echo $?' 2>&1
sh -c 'exit 7'; echo $?
sh -c 'kill -KILL $$'; echo $?
sh -c 'kill -TERM $$'; echo $?
false; X=1; echo $?
X=one; echo $X; sh -c 'echo child $X'
X=$GREETING/there Y='a b'; echo $X "$Y"
X=one env | grep -E '^(X|GREETING)=' | sort
X=two sh -c 'echo $X'; echo "[$X]"
GREETING=bye echo $GREETING; GREETING=bye sh -c 'echo $GREETING'; echo $GREETING
export Y=two; sh -c 'echo $Y $GREETING'
sh -c 'export X=1 2x; echo $? $X' 2>&1
unset GREETING NOSUCH; echo "[$GREETING]" $?; env | grep -c GREETING
sh -c 'echo $0 $1 $#' name one two
[ "$$" = "$(echo $$)" ] && echo "\$\$ in a command substitution is the shell's"
[ "$$" = "$(echo $$ | cat)" ] && echo "\$\$ in a pipeline is the shell's"
[ "$$" != "$(sh -c 'echo $$')" ] && echo "a child shell has its own \$\$"
sleep 0 & [ "$!" -gt 0 ] && echo "\$! is set"; wait $!; echo "wait $?"
