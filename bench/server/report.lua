-- wrk: one machine-readable line: requests/s, p50 and p99 latency (ms), errors (non-2xx + socket).
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write +
                 summary.errors.status + summary.errors.timeout
  io.write(string.format("RESULT %.0f req/s p50 %.2f ms p99 %.2f ms errors %d of %d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    errors, summary.requests))
end
