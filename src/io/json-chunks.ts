/**
 * `JSON.stringify(value, null, indent)`, the same text to the byte, in pieces of about 64 KiB.
 * A command's `--json` document can list a million anomalies: as one string it needs several
 * hundred MB, and past V8's longest string (~512 M characters) JSON.stringify throws "Invalid
 * string length", so the document is written as it is made instead.
 *
 * Containers are walked here while they are big (the envelope's first levels, arrays of more than
 * SMALL_ARRAY items); everything below that is left to JSON.stringify itself and re-indented,
 * which is exact because JSON text has no raw newline inside a string.
 */

const CHUNK_CHARS = 1 << 16
const SMALL_ARRAY = 256
/** The envelope and its direct fields are walked whatever their size. */
const WALKED_DEPTH = 2

export function* jsonChunks(value: unknown, indent = 2): Generator<string> {
  const out = new ChunkBuffer()
  const ancestors = new Set<object>()
  const unit = ' '.repeat(indent)

  function* emit(text: string): Generator<string> {
    const full = out.add(text)
    if (full !== undefined) yield full
  }

  /** `v` is what JSON.stringify would write under its key: its toJSON already applied. */
  function* walk(v: unknown, depth: number, margin: string): Generator<string> {
    if (v === null || typeof v !== 'object' || (depth >= WALKED_DEPTH && !(Array.isArray(v) && v.length > SMALL_ARRAY))) {
      yield* emit(indentedStringify(v, indent, margin) ?? 'null')
      return
    }
    if (v instanceof Number || v instanceof String || v instanceof Boolean) {
      yield* emit(JSON.stringify(v)) // JSON.stringify unwraps a boxed primitive
      return
    }
    if (ancestors.has(v)) throw new TypeError('Converting circular structure to JSON')
    ancestors.add(v)
    const inner = margin + unit
    if (Array.isArray(v)) {
      if (v.length === 0) yield* emit('[]')
      else {
        for (let i = 0; i < v.length; i++) {
          yield* emit(i === 0 ? `[\n${inner}` : `,\n${inner}`)
          yield* walk(jsonValueOf(v[i], String(i)), depth + 1, inner)
        }
        yield* emit(`\n${margin}]`)
      }
    } else {
      let first = true
      for (const k of Object.keys(v)) {
        const field = jsonValueOf((v as Record<string, unknown>)[k], k)
        if (field === undefined || typeof field === 'function' || typeof field === 'symbol') continue
        yield* emit(`${first ? '{' : ','}\n${inner}${JSON.stringify(k)}: `)
        first = false
        yield* walk(field, depth + 1, inner)
      }
      yield* emit(first ? '{}' : `\n${margin}}`)
    }
    ancestors.delete(v)
  }

  // JSON.stringify says undefined (no text at all) for undefined, a function or a symbol.
  const top = jsonValueOf(value, '')
  if (top === undefined || typeof top === 'function' || typeof top === 'symbol') return
  yield* walk(top, 0, '')
  const rest = out.flush()
  if (rest !== '') yield rest
}

/** What JSON.stringify would write for `raw` under `key`: its toJSON(key) when it has one. */
function jsonValueOf(raw: unknown, key: string): unknown {
  if (raw !== null && (typeof raw === 'object' || typeof raw === 'bigint')) {
    const toJSON = (raw as {toJSON?: unknown}).toJSON
    if (typeof toJSON === 'function') return (toJSON as (k: string) => unknown).call(raw, key)
  }
  return raw
}

/** JSON.stringify of a nested value, its lines shifted right by `margin`; undefined as JSON.stringify says it. */
function indentedStringify(v: unknown, indent: number, margin: string): string | undefined {
  const text = JSON.stringify(v, null, indent) as string | undefined
  if (text === undefined || margin === '' || !text.includes('\n')) return text
  return text.replaceAll('\n', `\n${margin}`)
}

class ChunkBuffer {
  private parts: string[] = []
  private size = 0

  /** Adds text; returns a chunk once about CHUNK_CHARS have gathered. */
  add(text: string): string | undefined {
    this.parts.push(text)
    this.size += text.length
    return this.size >= CHUNK_CHARS ? this.flush() : undefined
  }

  flush(): string {
    const chunk = this.parts.join('')
    this.parts = []
    this.size = 0
    return chunk
  }
}
