#!/bin/lua
-- closures and coroutines
local function counter() local n = 0 return function() n = n + 1 return n end end
local c1, c2 = counter(), counter()
print(c1(), c1(), c1(), c2())
local fns = {} for i = 1, 3 do fns[i] = function() return i * 10 end end
print(fns[1](), fns[2](), fns[3]())
local function memo(f) local cache = {} return function(x) if not cache[x] then cache[x] = f(x) end return cache[x] end end
local fib fib = memo(function(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end)
print(fib(80))
local gen = coroutine.create(function(a, b)
  print("start", a, b)
  local c = coroutine.yield(a + b)
  print("got", c)
  local d, e = coroutine.yield(c * 2)
  return d + e
end)
print(coroutine.resume(gen, 1, 2))
print(coroutine.status(gen), coroutine.resume(gen, 10))
print(coroutine.resume(gen, 3, 4))
print(coroutine.status(gen), coroutine.resume(gen))
local function range(n) return coroutine.wrap(function() for i = 1, n do coroutine.yield(i) end end) end
local acc = {} for i in range(5) do acc[#acc + 1] = i * i end print(table.concat(acc, ","))
local co = coroutine.create(function() error("inside") end)
local ok, msg = coroutine.resume(co) print(ok, (msg:gsub("^.-:%d+: ", "")))
print(coroutine.isyieldable(), select(2, coroutine.running()))
local function producer() return coroutine.wrap(function() for _, w in ipairs({"a", "b", "c"}) do coroutine.yield(w) end end) end
local function filter(p) return coroutine.wrap(function() for w in p do coroutine.yield(w:upper()) end end) end
for w in filter(producer()) do io.write(w) end print()
