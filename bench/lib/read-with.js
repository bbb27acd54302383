// One way of reading an NDJSON file, chosen by argv[2]; prints the record count.
// Used by bench/ndjson.js so each way runs in its own process (clean peak RSS).
import {createReadStream} from 'node:fs'
import {createInterface} from 'node:readline'

const [way, path] = process.argv.slice(2)
let n = 0
if (way === 'trace-doctor') {
  const {readNdjson} = await import('../../dist/src/io/ndjson-reader.js')
  const stats = await readNdjson(path, () => n++)
  if (stats.records !== n) throw new Error('count mismatch')
} else if (way === 'ndjson') {
  const ndjson = (await import('ndjson')).default
  await new Promise((resolve, reject) => {
    createReadStream(path).pipe(ndjson.parse()).on('data', () => n++).on('end', resolve).on('error', reject)
  })
} else if (way === 'readline') {
  for await (const line of createInterface({input: createReadStream(path), crlfDelay: Infinity})) {
    if (line) {
      JSON.parse(line)
      n++
    }
  }
} else throw new Error(`unknown way ${way}`)
console.log(n)
