#!/bin/sh
# corpuspar: the hostile corpus split across four workers exec-ing at once
/tests/corpus -j 4
