#!/bin/lua
-- error handling: pcall, xpcall, error objects, assert, runtime errors
local function strip(m) return (tostring(m):gsub("^.-:%d+: ", "")) end
print(pcall(error, "plain", 0))
local ok, e = pcall(function() error({code = 7}) end) print(ok, type(e), e.code)
ok, e = pcall(function() local t = nil return t.x end) print(ok, strip(e))
ok, e = pcall(function() return 1 + {} end) print(ok, strip(e))
ok, e = pcall(function() return #5 end) print(ok, strip(e))
ok, e = pcall(function() return ("x"):bad() end) print(ok, strip(e))
print(xpcall(function() error("deep") end, function(m) return "handled: " .. strip(m) end))
print(select("#", pcall(assert, false)), pcall(assert, false, "custom"))
print(pcall(assert, 1, 2, 3))
ok, e = pcall(error) print(ok, e)
ok, e = pcall(string.rep) print(ok, strip(e))
ok, e = pcall(setmetatable, 1, {}) print(ok, strip(e))
local mt = {__tostring = function() return "an error object" end}
ok, e = pcall(error, setmetatable({}, mt)) print(ok, tostring(e))
print(pcall(load, "return +"), load("syntax error here"))
local chunk = load("return 6 * 7") print(chunk())
ok, e = pcall(function() local x <close> = setmetatable({}, {__close = function() print("closed") end}) error("with close", 0) end)
print(ok, e)
print(string.format("%s", select(2, pcall(tonumber))))
