/**
 * Rounding for the numbers the formats carry (ratios, factors, seconds). Pure; it lives here, not
 * in the JSON writer, because it decides values, not how they are written.
 */

/**
 * `round(value, digits)` exactly as Python gives it, so that summaries match the original
 * tracer's. Both round the exact binary value (2.675 is 2.67499…, so 2.67); they differ on exact
 * ties, which Python rounds half to even (round(0.125, 2) == 0.12) and `toFixed` away from zero
 * (0.13). A double's exact decimal expansion, which toFixed(100) writes out for every value a
 * tie is possible for, tells a tie apart.
 */
export function roundTo(value: number, digits: number): number {
  if (!Number.isFinite(value) || Math.abs(value) >= 1e21) return value
  const rounded = Number(value.toFixed(digits))
  const exact = value.toFixed(100)
  const cut = exact.indexOf('.') + 1 + digits
  if (exact[cut] !== '5' || !/^0*$/.test(exact.slice(cut + 1))) return rounded
  const truncated = exact.slice(0, digits === 0 ? cut - 1 : cut)
  const lastDigit = Number(truncated[truncated.length - 1])
  return lastDigit % 2 === 0 ? Number(truncated) : rounded
}
