/** The prefixes of the two tracers whose leftovers `recover` looks for by default (docs/formats.md §2). */
export const DEFAULT_PREFIXES = ['autoskillit', 'trace-doctor'] as const
/** A trace modified more recently than this may still be live (docs/formats.md §7 gate 1). */
export const DEFAULT_MIN_AGE_SECONDS = 30
