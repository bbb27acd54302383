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
