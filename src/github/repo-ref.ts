import {UsageError} from '../errors.js'
import type {RepoRef} from './find-existing-issue.js'

/** `--repo OWNER/NAME`, with GitHub's rules for the two parts (owner ≤ 39 chars, no leading dash). */
export function parseRepoRef(text: string): RepoRef {
  const m = /^([A-Za-z0-9][A-Za-z0-9-]{0,38})\/([A-Za-z0-9._-]{1,100})$/.exec(text)
  if (!m || m[2] === '.' || m[2] === '..') throw new UsageError(`--repo must be OWNER/NAME, got ${JSON.stringify(text)}`)
  return {owner: m[1]!, repo: m[2]!}
}
