/**
 * Where the GitHub token comes from: GITHUB_TOKEN, else GH_TOKEN, else `gh auth token` when the
 * GitHub CLI is installed and logged in. The token is never printed or put in an error.
 */
import {execFile} from 'node:child_process'

export type TokenSource = 'GITHUB_TOKEN' | 'GH_TOKEN' | 'gh auth token'

export interface ResolvedToken {
  token: string
  source: TokenSource
}

export async function resolveToken(apiUrl: string, env: NodeJS.ProcessEnv = process.env): Promise<ResolvedToken | undefined> {
  for (const name of ['GITHUB_TOKEN', 'GH_TOKEN'] as const) {
    const value = env[name]?.trim()
    if (value) return {token: value, source: name}
  }
  const token = await ghAuthToken(apiUrl, env)
  return token ? {token, source: 'gh auth token'} : undefined
}

/** `gh auth token [--hostname HOST]`; undefined when gh is missing, logged out or slow. */
function ghAuthToken(apiUrl: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const host = ghHostFor(apiUrl)
  const args = ['auth', 'token', ...(host ? ['--hostname', host] : [])]
  return new Promise((resolve) => {
    execFile('gh', args, {env, timeout: 5000, windowsHide: true}, (error, stdout) => {
      const token = typeof stdout === 'string' ? stdout.trim() : ''
      resolve(error || token === '' ? undefined : token)
    })
  })
}

/** GitHub Enterprise's API lives at https://HOST/api/v3; github.com needs no --hostname. */
function ghHostFor(apiUrl: string): string | undefined {
  try {
    const {hostname} = new URL(apiUrl)
    return hostname === 'api.github.com' ? undefined : hostname
  } catch {
    return undefined
  }
}
