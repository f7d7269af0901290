#!/bin/lua
-- strings: methods, patterns, gsub, format
local s = "Hello, Lua World"
print(#s, s:upper(), s:lower(), s:sub(8, 10), s:rep(2, "|"))
print(s:find("Lua"), s:find("l+"), s:match("(%a+), (%a+)"))
print(("a,b,,c"):gsub(",", ";"))
print(("hello world"):gsub("o", {o = "0"}), ("abc"):gsub("%w", "%0%0"))
for w in ("one two  three"):gmatch("%a+") do io.write(w, ".") end print()
print(string.format("%5d|%-5s|%05.1f|%x|%X|%o|%e|%g|%q", 42, "ab", 3.14159, 255, 255, 8, 12345.678, 0.0001, "a\nb\"c"))
print(string.format("%s %s %s", nil, true, 1.5), string.format("%10.3s|", "abcdef"))
print(string.byte("ABC", 1, 3), string.char(72, 105), ("x"):byte())
print(("  trim me  "):match("^%s*(.-)%s*$") .. "|")
print(tostring(12):len(), tonumber("0x1F"), tonumber("z", 36), tonumber("1e3"), tonumber("nope"))
print(utf8.char(72, 228, 8364), utf8.len("häh"), #"€")
print(string.reverse("stressed"), ("%d items"):format(3))
print(table.concat({("a-b-c"):match("(%a)-(%a)-(%a)")}, "+"))
print(string.pack and #string.pack("i4i8", 1, 2), string.unpack("<i2", "\1\2"))
