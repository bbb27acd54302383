/**
 * A stateful stand-in for the GitHub REST endpoints `trace-doctor issue` uses, on 127.0.0.1:0.
 * Real HTTP, real headers: it checks `Authorization: token X` / `Bearer X`, paginates with Link
 * headers, enforces the 65,536-character body limit, and can be told to fail:
 *   - fail(n, kind, match?): the next n matching requests answer 500, 401, 403 (permission),
 *     404, 422, 'rate-limit' (403 + x-ratelimit-remaining 0 + reset) or 'secondary' (403 + retry-after);
 *   - searchLagMs: issues stay invisible to /search/issues for that long after creation, as
 *     GitHub's search index does.
 */
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http'
import type {AddressInfo} from 'node:net'

export interface FakeComment {
  id: number
  body: string
}

export interface FakeIssue {
  number: number
  title: string
  body: string
  labels: string[]
  state: 'open' | 'closed'
  createdAtMs: number
  comments: FakeComment[]
  pull_request?: boolean
}

export type FaultKind = 500 | 401 | 403 | 404 | 422 | 'rate-limit' | 'rate-limit-long' | 'secondary'

interface Fault {
  remaining: number
  kind: FaultKind
  match: (method: string, path: string) => boolean
}

export interface RequestLogEntry {
  method: string
  path: string
  query: Record<string, string>
  status: number
}

export const BODY_LIMIT = 65_536

export class GithubServer {
  readonly repos = new Map<string, FakeIssue[]>()
  readonly log: RequestLogEntry[] = []
  readonly tokens = new Set<string>()
  readonly readOnlyTokens = new Set<string>()
  searchLagMs = 0
  private faults: Fault[] = []
  private nextCommentId = 1
  private server: Server | undefined
  url = ''

  constructor(options: {tokens?: string[]; repos?: string[]} = {}) {
    for (const t of options.tokens ?? ['test-token']) this.tokens.add(t)
    for (const r of options.repos ?? ['acme/agents']) this.repos.set(r, [])
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => send(res, 500, {message: String(error)}))
    })
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve))
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
    return this
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server?.closeAllConnections()
      this.server?.close(() => resolve())
    })
  }

  fail(times: number, kind: FaultKind, match: (method: string, path: string) => boolean = () => true): void {
    this.faults.push({remaining: times, kind, match})
  }

  issues(repo = 'acme/agents'): FakeIssue[] {
    return this.repos.get(repo) ?? []
  }

  /** Adds an issue directly, e.g. one filed by hand without the trace-doctor label. */
  seed(repo: string, issue: Partial<FakeIssue> & {body: string}): FakeIssue {
    const list = this.repos.get(repo)!
    const full: FakeIssue = {number: list.length + 1, title: 't', labels: [], state: 'open', createdAtMs: 0, comments: [], ...issue}
    list.push(full)
    return full
  }

  count(method: string, pathPattern: RegExp): number {
    return this.log.filter((e) => e.method === method && pathPattern.test(e.path)).length
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url)
    const method = req.method ?? 'GET'
    const path = url.pathname
    const query = Object.fromEntries(url.searchParams)
    const raw = await readBody(req)
    const reply = (status: number, data: unknown, headers: Record<string, string> = {}): void => {
      this.log.push({method, path, query, status})
      send(res, status, data, headers)
    }

    const auth = /^(?:token|bearer)\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]
    if (!auth || !this.tokens.has(auth)) return reply(401, {message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest'})

    const fault = this.faults.find((f) => f.remaining > 0 && f.match(method, path))
    if (fault) {
      fault.remaining--
      return this.replyFault(fault.kind, reply)
    }

    if (method === 'GET' && path === '/search/issues') return reply(200, this.search(query['q'] ?? ''))

    const m = /^\/repos\/([^/]+)\/([^/]+)\/issues(?:\/(\d+)(?:\/(comments|labels))?)?$/.exec(path)
    const list = m ? this.repos.get(`${m[1]}/${m[2]}`) : undefined
    if (!m || !list) return reply(404, {message: 'Not Found'})
    const isWrite = method !== 'GET'
    if (isWrite && this.readOnlyTokens.has(auth)) return reply(403, {message: 'Resource not accessible by personal access token'})
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {}
    const number = m[3] === undefined ? undefined : Number(m[3])
    const issue = number === undefined ? undefined : list.find((i) => i.number === number)
    if (number !== undefined && !issue) return reply(404, {message: 'Not Found'})
    const base = `${this.url}/${m[1]}/${m[2]}`

    if (number === undefined && method === 'GET') {
      const labels = (query['labels'] ?? '').split(',').filter(Boolean)
      const state = query['state'] ?? 'open'
      const matching = list.filter((i) => (state === 'all' || i.state === state) && labels.every((l) => i.labels.includes(l)))
      return this.paginate(matching.map((i) => toJson(i, base)), url, query, reply)
    }
    if (number === undefined && method === 'POST') {
      if (typeof body['title'] !== 'string' || body['title'] === '') return reply(422, validation('Issue', 'title', 'missing_field'))
      if (typeof body['body'] === 'string' && body['body'].length > BODY_LIMIT) return reply(422, tooLong('Issue'))
      const created: FakeIssue = {
        number: list.length + 1,
        title: body['title'],
        body: typeof body['body'] === 'string' ? body['body'] : '',
        labels: Array.isArray(body['labels']) ? (body['labels'] as string[]) : [],
        state: 'open',
        createdAtMs: Date.now(),
        comments: [],
      }
      list.push(created)
      return reply(201, toJson(created, base))
    }
    if (issue && m[4] === undefined && method === 'GET') return reply(200, toJson(issue, base))
    if (issue && m[4] === 'comments' && method === 'GET') {
      return this.paginate(issue.comments.map((c) => ({id: c.id, body: c.body})), url, query, reply)
    }
    if (issue && m[4] === 'comments' && method === 'POST') {
      if (typeof body['body'] !== 'string' || body['body'] === '') return reply(422, validation('IssueComment', 'body', 'missing_field'))
      if (body['body'].length > BODY_LIMIT) return reply(422, tooLong('IssueComment'))
      const comment = {id: this.nextCommentId++, body: body['body']}
      issue.comments.push(comment)
      return reply(201, {...comment, html_url: `${base}/issues/${issue.number}#issuecomment-${comment.id}`})
    }
    if (issue && m[4] === 'labels' && method === 'POST') {
      for (const l of (body['labels'] as string[]) ?? []) if (!issue.labels.includes(l)) issue.labels.push(l)
      return reply(200, issue.labels.map((name) => ({name})))
    }
    return reply(404, {message: 'Not Found'})
  }

  private search(q: string): unknown {
    const repo = /repo:(\S+)/.exec(q)?.[1]
    const phrase = /"([^"]+)"/.exec(q)?.[1] ?? ''
    const now = Date.now()
    const items = [...this.repos.entries()]
      .filter(([name]) => repo === undefined || name === repo)
      .flatMap(([name, issues]) =>
        issues
          .filter((i) => now - i.createdAtMs >= this.searchLagMs)
          .filter((i) => !q.includes('is:open') || i.state === 'open')
          .filter((i) => i.body.includes(phrase))
          .map((i) => toJson(i, `${this.url}/${name}`)),
      )
    return {total_count: items.length, incomplete_results: false, items}
  }

  private paginate(all: unknown[], url: URL, query: Record<string, string>, reply: (s: number, d: unknown, h?: Record<string, string>) => void): void {
    const perPage = Math.min(Number(query['per_page'] ?? 30), 100)
    const page = Number(query['page'] ?? 1)
    const slice = all.slice((page - 1) * perPage, page * perPage)
    const headers: Record<string, string> = {}
    if (page * perPage < all.length) {
      const next = new URL(url)
      next.searchParams.set('page', String(page + 1))
      headers['link'] = `<${next.toString()}>; rel="next"`
    }
    reply(200, slice, headers)
  }

  private replyFault(kind: FaultKind, reply: (s: number, d: unknown, h?: Record<string, string>) => void): void {
    const nowS = Math.floor(Date.now() / 1000)
    switch (kind) {
      case 'rate-limit':
      case 'rate-limit-long':
        return reply(403, {message: 'API rate limit exceeded for user ID 1.'}, {
          'x-ratelimit-remaining': '0',
          'x-ratelimit-limit': '5000',
          'x-ratelimit-reset': String(nowS + (kind === 'rate-limit' ? 1 : 3600)),
        })
      case 'secondary':
        return reply(403, {message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.'}, {'retry-after': '1'})
      case 403:
        return reply(403, {message: 'Resource not accessible by personal access token'})
      case 401:
        return reply(401, {message: 'Bad credentials'})
      case 404:
        return reply(404, {message: 'Not Found'})
      case 422:
        return reply(422, validation('Issue', 'labels', 'invalid'))
      default:
        return reply(500, {message: 'Server Error'})
    }
  }
}

function toJson(i: FakeIssue, base: string): Record<string, unknown> {
  return {
    number: i.number,
    title: i.title,
    body: i.body,
    state: i.state,
    labels: i.labels.map((name) => ({name})),
    html_url: `${base}/issues/${i.number}`,
    ...(i.pull_request ? {pull_request: {url: `${base}/pulls/${i.number}`}} : {}),
  }
}

function validation(resource: string, field: string, code: string): unknown {
  return {message: 'Validation Failed', errors: [{resource, field, code}], documentation_url: 'https://docs.github.com/rest'}
}

function tooLong(resource: string): unknown {
  return {message: 'Validation Failed', errors: [{resource, field: 'body', code: 'custom', message: 'body is too long (maximum is 65536 characters)'}]}
}

function send(res: ServerResponse, status: number, data: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(data)
  res.writeHead(status, {'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers})
  res.end(text)
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = ''
    req.setEncoding('utf8')
    req.on('data', (c: string) => (data += c))
    req.on('end', () => resolve(data))
    req.on('error', reject)
  })
}

export async function startGithubServer(options: {tokens?: string[]; repos?: string[]} = {}): Promise<GithubServer> {
  return new GithubServer(options).start()
}
