#!/bin/lua
-- math: integers and floats, division, bitwise, the library
print(7 // 2, 7.0 // 2, 7 % 3, -7 % 3, 7 / 2, 2^10, 1e300 * 1e10, -(0/0) ~= -(0/0))
print(math.maxinteger, math.mininteger, math.maxinteger + 1 == math.mininteger)
print(3 & 5, 3 | 5, 3 ~ 5, ~0, 1 << 62, 256 >> 4)
print(math.floor(3.7), math.ceil(3.2), math.abs(-4), math.max(1, 9, 3), math.min(2, -1))
print(math.sqrt(2), math.pi, math.sin(math.pi / 2), math.cos(0), math.exp(1), math.log(100, 10))
print(math.fmod(7, 3), math.modf(3.75), math.tointeger(5.0), math.type(1), math.type(1.0), math.type("1"))
print(string.format("%.10f %.3e", 1 / 3, 6.02214076e23), 10 == 10.0, 0.1 + 0.2 == 0.3)
math.randomseed(42)
local a, b = math.random(1, 100), math.random(1, 100)
math.randomseed(42)
print(a == math.random(1, 100) and b == math.random(1, 100), math.ult(1, -1))
print(8 // 0.0, -8 // 0.0, select(2, pcall(function() return 1 // 0 end)):match("attempt.*"))
