// Preloaded with `node --import` into a measured process: reports its own peak RSS at exit, so a
// benchmark can read the peak memory of a child without platform tools.
import {writeSync} from 'node:fs'

process.on('exit', () => {
  writeSync(2, `\n__BENCH_MAXRSS_KB=${process.resourceUsage().maxRSS}\n`)
})
