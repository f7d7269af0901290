#!/bin/sh
# shebang: a "#!" script runs its interpreter with the script as argument
echo shebang: run by /bin/sh
/tests/hello
