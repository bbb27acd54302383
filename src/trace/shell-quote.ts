/**
 * POSIX shell quoting for `script -c "<cmd>"`, which hands its string to `$SHELL -c`: each word
 * is left bare when it only holds safe characters, else single-quoted with `'` as `'\''`.
 */
const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/

export function quoteWord(word: string): string {
  if (word !== '' && SAFE.test(word)) return word
  return `'${word.replaceAll("'", `'\\''`)}'`
}

export function shellQuote(argv: readonly string[]): string {
  return argv.map(quoteWord).join(' ')
}
