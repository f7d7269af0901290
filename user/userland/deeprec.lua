#!/bin/lua
-- unbounded recursion ends in lua's "stack overflow" error, caught
local depth = 0
local function rec() depth = depth + 1 return 1 + rec() end
local ok, e = pcall(rec)
print(ok, (tostring(e):gsub("^.-:%d+: ", "")), depth > 100000)
