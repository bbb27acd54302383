/**
 * The one zod import of the formats: `zod/mini`, with zod's English messages.
 *
 * Why mini: classic zod is ~290 KB bundled and cost ~40-55 ms of every command's start-up
 * (evaluating the library, then building each schema's method-rich objects); zod/mini is the same
 * engine, same parsing and same inferred types, behind a functional API (`z.optional(x)`,
 * `x.check(z.minimum(0))`, `z.extend(a, {...})`) that a bundler can trim to what is used. bench/startup.js measures it.
 *
 * Why the locale: classic zod installs its English messages on import; mini installs none, and
 * every issue would read "Invalid input". The messages reach users (describeZodError), so English
 * is set here, once, before any schema parses. The locale module is imported alone, not zod's
 * index of ~40 locales.
 */
import {config} from 'zod/mini'
import en from 'zod/v4/locales/en.js'

config(en())

// Import this module as a namespace (`import * as z`) and call `z.object(…)`: the bundler then keeps only
// what is used (~45 KB of zod). Passing the namespace around as a value (`export {z}`) would keep
// all of zod (~550 KB with toJSONSchema, compile, regexes…).
export * from 'zod/mini'

/**
 * A schema built on its first use instead of at import. Building every schema of every format
 * costs ~10 ms of each start, and a command parses only a few of them (`analyze` never reads an
 * index line, `recover` never a report). The proxy stands in for the schema everywhere: methods
 * (`safeParse`), `shape`, `instanceof`, nesting in another schema (zod reads its `_zod` at build
 * or parse time, which builds it then).
 */
export function lazily<T extends object>(build: () => T): T {
  let built: T | undefined
  const schema = (): T => (built ??= build())
  return new Proxy({} as T, {
    get: (_, key) => Reflect.get(schema(), key),
    has: (_, key) => Reflect.has(schema(), key),
    ownKeys: () => Reflect.ownKeys(schema()),
    // A proxy may not report a non-configurable property its (empty) target lacks.
    getOwnPropertyDescriptor: (_, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(schema(), key)
      return descriptor === undefined ? undefined : {...descriptor, configurable: true}
    },
    getPrototypeOf: () => Reflect.getPrototypeOf(schema()),
  })
}
