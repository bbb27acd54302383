/**
 * Random hex for unique names: temp files beside their target (opened exclusively), lock tokens,
 * a stop marker. Each also carries the pid, so the digits only tell apart names made by one
 * process. V8's Math.random (seeded per process) is enough for that and costs nothing to load,
 * where `node:crypto` took ~5 ms of every command that writes a file (bench/startup.js). Not
 * for secrets.
 */

/** `bytes` random bytes as 2×bytes lowercase hex digits. */
export function randomHex(bytes: number): string {
  let hex = ''
  for (let i = 0; i < bytes; i++) hex += Math.floor(Math.random() * 256).toString(16).padStart(2, '0')
  return hex
}
