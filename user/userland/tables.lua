#!/bin/lua
-- tables: arrays, sorting, metatables, varargs
local t = {5, 3, 8, 1, 9, 2}
table.sort(t) print(table.concat(t, " "))
table.sort(t, function(x, y) return x > y end) print(table.concat(t, " "))
table.insert(t, 1, 100) table.insert(t, 7) print(#t, table.remove(t), table.remove(t, 1), #t)
print(table.unpack({1, 2, 3})) print(select("#", nil, nil), select(2, "a", "b", "c"))
local p = table.pack(1, nil, 3) print(p.n, p[3])
print(table.concat(table.move({1, 2, 3}, 1, 3, 2, {9}), ","))
local d = {banana = 3, apple = 1, cherry = 2}
local keys = {} for k in pairs(d) do keys[#keys + 1] = k end
table.sort(keys) for _, k in ipairs(keys) do io.write(k, "=", d[k], " ") end print()
local V = {} V.__index = V
V.__add = function(a, b) return setmetatable({x = a.x + b.x}, V) end
V.__tostring = function(v) return "V(" .. v.x .. ")" end
V.__eq = function(a, b) return a.x == b.x end
V.__lt = function(a, b) return a.x < b.x end
V.__len = function() return 42 end
V.__call = function(self, y) return self.x * y end
local v1, v2 = setmetatable({x = 1}, V), setmetatable({x = 2}, V)
print(tostring(v1 + v2), v1 == v2, v1 < v2, #v1, v1(10))
local default = setmetatable({}, {__index = function(_, k) return k .. "?" end})
print(default.foo, rawget(default, "foo"))
local function sum(...) local s = 0 for _, x in ipairs({...}) do s = s + x end return s, select("#", ...) end
print(sum(1, 2, 3, 4))
local grid = {} for i = 1, 3 do grid[i] = {} for j = 1, 3 do grid[i][j] = i * j end end
print(grid[2][3], #grid, next({}))
