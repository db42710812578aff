// Preloaded (--require) into each measured child process: reports its peak RSS on stderr when it exits.
process.on('exit', () => {
  process.stderr.write(`\nKWT_BENCH_MAXRSS_KB=${process.resourceUsage().maxRSS}\n`);
});
