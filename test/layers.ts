/**
 * Which src/ folder may import which other (its own files always). Lower layers first; the table
 * must stay acyclic, which the test checks too, so "allow both ways" is never a fix. A folder
 * missing here fails the test: a new folder has to say where it sits.
 * `errors` is src/errors.ts; `commands` is the top-level commands/ dir. Checked by
 * test/architecture.test.ts and, as `no-restricted-imports` rules, by eslint.config.ts.
 */
export const LAYERS: Record<string, readonly string[]> = {
  errors: [],
  util: [], // small pure algorithms with no domain (a sorted-array search)
  model: ['errors'], // zod schemas: the formats themselves, no code above them
  io: ['errors', 'model'], // NDJSON reader, Python-style JSON writer, atomic writes
  procfs: ['errors', 'model'],
  tracefs: ['errors', 'model'], // signal-sender: trace_pipe parser (pure) and the instance's files
  redact: ['errors', 'model', 'util'],
  analyze: ['errors', 'model'], // pure: no io/ (the serializer is not a math library), no input/
  death: ['errors', 'model', 'procfs', 'redact'], // cause of death: kernel log/cgroup parsers (pure), readers, the verdict
  render: ['errors', 'model', 'analyze', 'death'], // terminal text, pure
  report: ['errors', 'model', 'analyze', 'io', 'death'], // pure Markdown; io/ for py-json (pure) only
  store: ['errors', 'model', 'io', 'procfs', 'analyze', 'render'], // render/: the sessions table
  input: ['errors', 'model', 'io', 'store', 'analyze'],
  recover: ['errors', 'model', 'io', 'procfs', 'store', 'analyze', 'render', 'tracefs', 'death'],
  trace: ['errors', 'model', 'io', 'procfs', 'store', 'analyze', 'tracefs', 'death'],
  session: ['errors', 'model', 'io', 'store', 'analyze', 'redact', 'report'],
  github: ['errors', 'model', 'io', 'store', 'report'],
  html: ['errors', 'model', 'util', 'io', 'store', 'analyze', 'input', 'render', 'redact', 'report', 'death'],
  cli: ['errors', 'model', 'io'], // io/: the --json document written in pieces
  index: ['errors', 'model', 'io', 'analyze', 'input'], // src/index.ts, the library entry: no cli, no commands
  fleet: ['errors', 'model', 'io', 'store'], // ship to ClickHouse and the fleet queries: I/O over the store
  commands: ['errors', 'model', 'util', 'io', 'procfs', 'tracefs', 'death', 'redact', 'analyze', 'render', 'report', 'store', 'input', 'recover', 'trace', 'session', 'github', 'html', 'cli', 'fleet'],
}
