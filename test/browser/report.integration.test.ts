/**
 * The HTML reports in a real browser: Debian's Chromium (or, on a machine without it, the build
 * an npm package ships: launch-browser.ts), headless, driven by playwright-core.
 * Chromium is told not to reach the network (this machine refuses it anyway) and runs on a fresh
 * profile. Each page must load with no console errors and no request but its own file, draw its
 * charts, mark every anomaly, show the drift banner when the trace describes the wrong process,
 * and show a readout on hover. Screenshots land in test/artifacts/ and must not be blank.
 */
import {cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {chromium, type BrowserContext, type Page} from 'playwright-core'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {buildReport, type ReportResult} from '../../src/html/build-report.js'
import {writeSessionsPage} from '../../src/html/write-sessions-page.js'
import {serializeIndexLine} from '../../src/store/session-files.js'
import {PROJECT_ROOT} from '../helpers/cli.js'
import {writeBigTrace} from '../html/big-trace.js'
import {testBrowser} from './launch-browser.js'
import {decodePng, pixelVariety} from './png.js'

const ARTIFACTS = join(PROJECT_ROOT, 'test', 'artifacts')
const CHART_IDS = ['chart-rss', 'chart-cpu', 'chart-threads', 'chart-fd', 'chart-oom']
const fixture = (...p: string[]) => join(PROJECT_ROOT, 'fixtures', ...p)

const work = mkdtempSync(join(tmpdir(), 'td-browser-'))
let context: BrowserContext

interface Loaded {
  page: Page
  errors: string[]
  requests: string[]
}

async function open(file: string): Promise<Loaded> {
  const page = await context.newPage()
  const errors: string[] = []
  const requests: string[] = []
  page.on('console', (m) => void (m.type() === 'error' || m.type() === 'warning' ? errors.push(`${m.type()}: ${m.text()}`) : undefined))
  page.on('pageerror', (e) => void errors.push(`pageerror: ${e.message}`))
  page.on('request', (r) => void requests.push(r.url()))
  await page.goto(`file://${file}`, {waitUntil: 'load'})
  return {page, errors, requests}
}

async function expectNotBlank(page: Page, name: string, fullPage: boolean): Promise<void> {
  const path = join(ARTIFACTS, `${name}.png`)
  const png = await page.screenshot({path, fullPage})
  const variety = pixelVariety(decodePng(png))
  expect(variety.colors, `${name}: distinct colours`).toBeGreaterThan(30)
  expect(variety.nonBackground, `${name}: share of non-background pixels`).toBeGreaterThan(0.05)
}

async function expectChartsDrawn(page: Page): Promise<void> {
  for (const id of CHART_IDS) {
    const box = await page.locator(`#${id} svg`).boundingBox()
    expect(box, id).not.toBeNull()
    expect(box!.width).toBeGreaterThan(300)
    expect(box!.height).toBeGreaterThan(40)
    const line = await page.locator(`#${id} path.line`).first().boundingBox()
    expect(line, `${id} line`).not.toBeNull()
    expect(line!.width).toBeGreaterThan(0)
  }
}

beforeAll(async () => {
  const browser = await testBrowser()
  mkdirSync(ARTIFACTS, {recursive: true})
  context = await chromium.launchPersistentContext(join(work, 'profile'), {
    executablePath: browser.executablePath,
    headless: true,
    viewport: {width: 1280, height: 900},
    args: browser.args,
  })
})

afterAll(async () => {
  await context?.close()
  rmSync(work, {recursive: true, force: true})
})

describe('fixture reports in Chromium', () => {
  const cases = [...readdirSync(fixture('sessions')).map((n) => [n, fixture('sessions', n)]), ['tmpfs-pty-wrapper', fixture('tmpfs', 'pty-wrapper', 'autoskillit_trace_4242.jsonl')], ['adversarial-comm', fixture('traces', 'adversarial-comm.jsonl')]]

  it.each(cases)('%s', async (name, input) => {
    const output = join(work, `${name}.html`)
    const result = await buildReport(input, {output})
    const {page, errors, requests} = await open(output)
    expect(errors).toEqual([])
    expect(requests).toEqual([`file://${output}`])
    await expectChartsDrawn(page)
    const markers = page.locator('.anomaly-marker')
    expect(await markers.count()).toBe(result.anomalies)
    for (let i = 0; i < result.anomalies; i++) expect((await markers.nth(i).boundingBox())!.width).toBeGreaterThan(0)
    const banner = page.locator('#drift-banner')
    const drifts = name.includes('pty-wrapper') || name === 'identity-drift' || name === 'adversarial-comm'
    expect(await banner.isVisible()).toBe(drifts)
    if (name.includes('pty-wrapper')) expect(await banner.innerText()).toMatch(/expected claude, but the trace shows script/)
    if (name === 'adversarial-comm') expect(await page.locator('b').count()).toBe(0)
    await hoverAndRead(page, 0.5)
    await expectNotBlank(page, `report-${name}`, true)
    await page.close()
  })
})

async function hoverAndRead(page: Page, at: number): Promise<string> {
  const box = (await page.locator('#chart-rss svg').boundingBox())!
  await page.mouse.move(box.x + box.width * at, box.y + box.height / 2)
  const readout = page.locator('#readout')
  expect(await readout.isVisible()).toBe(true)
  const text = await readout.innerText()
  expect(text).toMatch(/snapshot/)
  expect(text).toMatch(/RSS/)
  return text
}

describe('a 200,000-snapshot report in Chromium', () => {
  let result: ReportResult
  let facts: ReturnType<typeof writeBigTrace>
  let output: string

  beforeAll(async () => {
    const trace = join(work, 'long_trace.jsonl')
    facts = writeBigTrace(trace, 200_000)
    output = join(work, 'long.html')
    result = await buildReport(trace, {output})
  })

  it('stays under 5 MB, loads cleanly, draws downsampled charts and accounts for every anomaly', async () => {
    expect(result.snapshots).toBe(200_000)
    expect(result.bytes).toBeLessThan(5 * 1024 * 1024)
    expect(result.points).toBeLessThanOrEqual(2048)
    const {page, errors, requests} = await open(output)
    expect(errors).toEqual([])
    expect(requests).toEqual([`file://${output}`])
    await expectChartsDrawn(page)
    expect(await page.locator('#chart-rss path.band').count()).toBe(1)
    const counts = await page.locator('.anomaly-marker').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-count'))))
    expect(counts.reduce((a, b) => a + b, 0)).toBe(result.anomalies)
    // The one-row RSS spike survives downsampling: find its bucket in the page's data, hover it,
    // and read the spike's value back from the readout.
    const spike = (await page.evaluate(`(() => {
      const d = JSON.parse(document.getElementById('td-data').textContent)
      const i = d.max[0].indexOf(Math.max(...d.max[0]))
      return {at: d.px[i] / d.viewWidth, max: d.max[0][i], seq0: d.seq0[i], seq1: d.seq1[i]}
    })()`)) as {at: number; max: number; seq0: number; seq1: number}
    expect(spike.max).toBe(facts.spikeRssKb)
    expect(facts.spikeSeq).toBeGreaterThanOrEqual(spike.seq0)
    expect(facts.spikeSeq).toBeLessThanOrEqual(spike.seq1)
    const text = await hoverAndRead(page, spike.at)
    expect(text).toContain(`snapshots #${spike.seq0}–#${spike.seq1}`)
    expect(text).toContain(`${(facts.spikeRssKb / 1048576).toFixed(2)} GiB`)
    await expectNotBlank(page, 'report-200k', false)
    await page.close()
  })
})

describe('sessions page in Chromium', () => {
  it('lists the sessions and its report links open the reports', async () => {
    const logDir = join(work, 'logs')
    let index = ''
    for (const name of ['healthy', 'pty-wrapper', 'oom-spike']) {
      const dir = join(logDir, 'sessions', `fixture-${name}`)
      cpSync(fixture('sessions', name), dir, {recursive: true})
      await buildReport(fixture('sessions', name), {output: join(dir, 'report.html')})
      index += serializeIndexLine({...(await import(fixture('sessions', name, 'summary.json'), {with: {type: 'json'}})).default})
    }
    writeFileSync(join(logDir, 'sessions.jsonl'), index)
    const output = join(work, 'sessions.html')
    await writeSessionsPage(logDir, output)
    const {page, errors} = await open(output)
    expect(errors).toEqual([])
    expect(await page.locator('tr.session-row').count()).toBe(3)
    expect(await page.locator('#drift-banner').isVisible()).toBe(true)
    expect(await page.locator('tr[data-dir="fixture-pty-wrapper"] .badge.bad').innerText()).toBe('identity')
    await expectNotBlank(page, 'sessions', true)
    await page.locator('tr[data-dir="fixture-pty-wrapper"] a.report-link').click()
    await page.waitForURL(/fixture-pty-wrapper\/report\.html$/)
    expect(await page.locator('#drift-banner').isVisible()).toBe(true)
    expect(errors).toEqual([])
    await page.close()
  })
})
