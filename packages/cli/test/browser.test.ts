/**
 * The proof: for every scenario, Debian's Chromium runs the fetch() in a page on the page origin
 * and `corsa check` runs with the same inputs; both must agree on whether the page may read the
 * response, and the CLI's message must be the console's, word for word.
 */
import { existsSync } from 'node:fs'
import { type Browser, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { check } from '../src/check.js'
import { type Scenario, scenarios } from './scenarios.js'
import { type Servers, startServers } from './servers.js'

const CHROMIUM = process.env.CORSA_E2E_CHROMIUM ?? '/usr/bin/chromium'
if (!existsSync(CHROMIUM)) {
  throw new Error(`This test needs Debian's Chromium at ${CHROMIUM}, which is missing. Install it with:\n\n    sudo apt-get install -y chromium\n`)
}

interface BrowserOutcome {
  allowed: boolean
  status: number | null
  message: string | null
}

let servers: Servers
let browser: Browser
let page: Page
const consoleLines: string[] = []

beforeAll(async () => {
  servers = await startServers()
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-quic',
      '--no-first-run',
      '--disable-sync',
    ],
    timeout: 30_000,
  })
  page = await browser.newPage()
  page.on('console', (m) => {
    if (m.text().includes('has been blocked by CORS policy')) consoleLines.push(m.text())
  })
  await page.goto(`${servers.page}/`)
  await runAll()
})

afterAll(async () => {
  await browser?.close()
  await servers?.close()
})

/** A bound on every request, in the page and in the CLI: a broken server costs seconds, not the suite. */
const REQUEST_TIMEOUT = 4_000

/** Runs the scenario's fetch() in the page and waits for its console message, if any. */
async function inBrowser(s: Scenario): Promise<BrowserOutcome> {
  const result = await page.evaluate(
    async ({ url, method, headers, credentials, timeout }) => {
      try {
        const signal = AbortSignal.timeout(timeout)
        const res = await fetch(url, { method, headers, credentials: credentials ? 'include' : 'same-origin', mode: 'cors', signal })
        await res.arrayBuffer()
        return { ok: true, status: res.status, error: null }
      } catch (error) {
        return { ok: false, status: null, error: String(error) }
      }
    },
    { url: s.url, method: s.method, headers: s.headers as [string, string][], credentials: s.credentials, timeout: REQUEST_TIMEOUT },
  )
  let message: string | null = null
  if (!result.ok) {
    const token = `s=${encodeURIComponent(s.id)}`
    for (let i = 0; i < 100 && message === null; i++) {
      message = consoleLines.find((line) => line.includes(`${token}'`) || line.includes(`${token}&`)) ?? null
      if (message === null) await new Promise((r) => setTimeout(r, 10))
    }
    // No CORS message: a network failure or timeout, which says what happened instead.
    message ??= `(no CORS console message; fetch failed with ${result.error})`
  }
  return { allowed: result.ok, status: result.status, message }
}

/** Both verdicts for every scenario, worked out a few at a time before the tests compare them. */
const outcomes = new Map<string, { browser: BrowserOutcome; cli: BrowserOutcome }>()

async function runAll(): Promise<void> {
  const queue = scenarios(servers)
  const worker = async (): Promise<void> => {
    for (let s = queue.shift(); s; s = queue.shift()) {
      const [browserOutcome, cli] = await Promise.all([
        inBrowser(s),
        check({ url: s.url, origin: servers.page, method: s.method, headers: s.headers, credentials: s.credentials, timeout: REQUEST_TIMEOUT }).then(
          (r) => ({ allowed: r.allowed, status: r.status, message: r.message }),
          (error: unknown) => ({ allowed: false, status: null, message: `(corsa check failed: ${String(error)})` }),
        ),
      ])
      outcomes.set(s.id, { browser: browserOutcome, cli })
    }
  }
  await Promise.all(Array.from({ length: 8 }, worker))
}

/** Scenario ids, known before the servers start (the URLs are filled in later). */
const DUMMY = { page: 'http://p', corsa: 'http://a', corsaPublic: 'http://b', cors: 'http://c', hono: 'http://d', mistakes: 'http://e' }
const IDS = scenarios({ ...DUMMY, close: async () => {} }).map((s) => s.id)

describe('corsa check agrees with Chromium: allowed, and the console message word for word', () => {
  test.each(IDS)('%s', (id) => {
    const outcome = outcomes.get(id)!
    expect(outcome.cli).toEqual(outcome.browser)
  })

  test('the scenarios cover every server with every request, and the redirects', () => {
    expect(IDS.length).toBeGreaterThan(100)
  })
})
