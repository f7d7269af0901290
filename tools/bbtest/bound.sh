# Appended by run.sh to the suite's testing.sh, whose testing() it renames
# bbt_testing: a case named in the file $BBT_BOUND (one name a line) runs
# each stage of its pipeline under `timeout $BBT_SECS`, so that a case
# that takes minutes on both sides (bc's) ends, and fails on both, after
# that long. Shell builtins only: testing() runs for every case.

# True if the case $1 is one to bound.
bbt_bounded()
{
	local n
	[ -n "$BBT_BOUND" ] || return 1
	while IFS= read -r n; do
		[ "$n" = "$1" ] && return 0
	done <"$BBT_BOUND"
	return 1
}

# The pipeline $1 with each stage under timeout.
bbt_timed()
{
	local out= stage IFS='|'
	set -f
	for stage in $1; do
		out="$out${out:+|} timeout $BBT_SECS $stage"
	done
	set +f
	echo "$out"
}

testing()
{
	if [ $# -eq 5 ] && bbt_bounded "$1"; then
		bbt_testing "$1" "$(bbt_timed "$2")" "$3" "$4" "$5"
	else
		bbt_testing "$@"
	fi
}
