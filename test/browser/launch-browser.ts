/**
 * Which Chromium the browser tests drive. Debian's `/usr/bin/chromium` when it is installed (CI
 * installs it: .ci/run), so that CI tests pages in the real browser users have; otherwise the
 * Chromium build that the `@sparticuz/chromium` devDependency carries inside its npm package
 * (inflated into the temp dir on first use, with its own fonts and libraries), so that
 * `npm ci && npm test` passes on a fresh machine that has only Node. That build is the old
 * headless shell: it is launched with its own arguments. Under CI=true the fallback is refused:
 * a CI that lost its Debian browser must fail, not quietly test another one.
 */
import {existsSync} from 'node:fs'

export const DEBIAN_CHROMIUM = '/usr/bin/chromium'

/** Arguments for a test browser: no network, no first-run work, a fresh profile. */
const QUIET_ARGS = ['--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']

export interface TestBrowser {
  executablePath: string
  args: string[]
  /** For messages: which browser this is. */
  source: 'debian' | '@sparticuz/chromium'
}

export async function testBrowser(env: NodeJS.ProcessEnv = process.env): Promise<TestBrowser> {
  if (existsSync(DEBIAN_CHROMIUM)) {
    return {executablePath: DEBIAN_CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', ...QUIET_ARGS], source: 'debian'}
  }
  if (env['CI'] === 'true') throw new Error(`${DEBIAN_CHROMIUM} is missing under CI: .ci/run installs Debian's chromium`)
  const {default: packaged} = await import('@sparticuz/chromium')
  return {executablePath: await packaged.executablePath(), args: [...packaged.args, ...QUIET_ARGS], source: '@sparticuz/chromium'}
}
