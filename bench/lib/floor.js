// The floor for any NDJSON consumer: Node reading the file and JSON.parse of every line, nothing
// else. Uses the fastest split we know (1 MiB reads, decode once per chunk, split on '\n'), so
// the floor is strict: no validation, no analysis, no bookkeeping.
import {openSync, readSync} from 'node:fs'

const fd = openSync(process.argv[2], 'r')
const buf = Buffer.allocUnsafe(1 << 20)
let carry = ''
let n = 0
for (;;) {
  const read = readSync(fd, buf, 0, buf.length, null)
  if (read === 0) break
  const last = buf.lastIndexOf(10, read - 1)
  if (last < 0) {
    carry += buf.toString('utf8', 0, read)
    continue
  }
  const text = carry + buf.toString('utf8', 0, last)
  carry = buf.toString('utf8', last + 1, read)
  let start = 0
  for (;;) {
    const end = text.indexOf('\n', start)
    const line = end < 0 ? text.slice(start) : text.slice(start, end)
    if (line) {
      JSON.parse(line)
      n++
    }
    if (end < 0) break
    start = end + 1
  }
}
if (carry) {
  JSON.parse(carry)
  n++
}
console.log(n)
