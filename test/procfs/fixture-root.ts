import {fileURLToPath} from 'node:url'

/** The fake /proc tree in fixtures/proc: 74718 ((bash process)) → 74719 ") R 1 (evil", 74720 script → 74721 claude. */
export const FIXTURE_PROC = fileURLToPath(new URL('../../fixtures/proc', import.meta.url))
