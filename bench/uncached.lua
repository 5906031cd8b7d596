-- wrk: every request gets an address of its own (an extra parameter the page ignores), so no
-- cached page can answer it: what a page costs when its cache has just been emptied.
counter = 0
request = function()
  counter = counter + 1
  local separator = string.find(wrk.path, "?", 1, true) and "&" or "?"
  return wrk.format(nil, wrk.path .. separator .. "uncached=" .. counter .. "-" .. math.random(1000000000))
end

done = function(summary, latency, requests)
  io.write(string.format("requests %d\n", summary.requests))
  io.write(string.format("errors %d\n", summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout))
  io.write(string.format("rps %.1f\n", summary.requests / (summary.duration / 1e6)))
  for _, p in ipairs({50, 90, 95, 99}) do
    io.write(string.format("p%d %.1f\n", p, latency:percentile(p) / 1000))
  end
end
