-- Official C# SDK, stateless (protocol 2025-11-25): one tools/call of the echo tool per request.
-- Stateless mode needs no initialize and no session id.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json, text/event-stream"
wrk.headers["MCP-Protocol-Version"] = "2025-11-25"
wrk.body = '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"message":"hello"}}}'

-- wrk counts every non-2xx/3xx answer in summary.errors.status (and prints "Non-2xx or 3xx responses"
-- only when there are some). Print the counts always, so run.sh can fail on them.
-- No response() callback: defining one makes wrk parse every response body in Lua.
function done(summary, latency, requests)
   local e = summary.errors
   io.write(string.format("ERRORS non2xx=%d connect=%d read=%d write=%d timeout=%d\n",
      e.status, e.connect, e.read, e.write, e.timeout))
   if e.status > 0 then
      io.write(string.format("ERROR: %d responses were not 2xx/3xx\n", e.status))
   end
end
