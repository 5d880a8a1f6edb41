/** Debian's Chromium, driven by playwright-core: where it is, how it is launched, its two profiles, its pages. */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Browser, type BrowserContext, type CDPSession, chromium, type Frame, type Page } from 'playwright-core'
import { type Engine, type EngineWindow, type FetchArgs, pageFetch, pathFor, type Profile, type Sink, tagged, waitFor } from './engine.ts'
import { HOST_RESOLVER_RULES } from './world.ts'

export const CHROMIUM = process.env.CORSA_E2E_CHROMIUM ?? '/usr/bin/chromium'

/** Throws a message that says how to install Chromium when it is missing: the suite never skips. */
export function requireChromium(): string {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `The browser suite needs Debian's Chromium at ${CHROMIUM}, which is missing. Install it with:\n\n` +
        '    sudo apt-get install -y chromium\n\n' +
        '(`npx playwright install` does not help: the suite drives the system Chromium on purpose.)',
    )
  }
  return CHROMIUM
}

/** Launch arguments: the brief's fixed set, test hosts on 127.0.0.1, and our certificate trusted by its key. */
export function chromiumArgs(spki: string): string[] {
  return [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-quic',
    '--no-first-run',
    '--disable-sync',
    `--host-resolver-rules=${HOST_RESOLVER_RULES}`,
    // Trusting the certificate by its key keeps the HTTP cache on (--ignore-certificate-errors alone turns it off).
    `--ignore-certificate-errors-spki-list=${spki}`,
  ]
}

export interface Browsers {
  /** A fresh profile: Chromium's defaults, third-party cookies blocked. */
  fresh: Browser
  /** A persistent profile whose preferences allow third-party cookies (`cookie_controls_mode: 0`). */
  persistent: BrowserContext
  version: string
  close(): Promise<void>
}

const LAUNCH_TIMEOUT = 30_000

export async function launchBrowsers(spki: string): Promise<Browsers> {
  const executablePath = requireChromium()
  const args = chromiumArgs(spki)
  const userDataDir = mkdtempSync(join(tmpdir(), 'corsa-e2e-profile-'))
  mkdirSync(join(userDataDir, 'Default'))
  // What a user gets from "Allow third-party cookies" in chrome://settings/cookies.
  writeFileSync(join(userDataDir, 'Default', 'Preferences'), JSON.stringify({ profile: { cookie_controls_mode: 0 } }))
  const fresh = await chromium.launch({ executablePath, args, timeout: LAUNCH_TIMEOUT })
  let persistent: BrowserContext
  try {
    persistent = await chromium.launchPersistentContext(userDataDir, { executablePath, args, timeout: LAUNCH_TIMEOUT })
  } catch (error) {
    await fresh.close()
    throw error
  }
  return {
    fresh,
    persistent,
    version: fresh.version(),
    async close() {
      await Promise.allSettled([persistent.close(), fresh.close()])
      rmSync(userDataDir, { recursive: true, force: true })
    },
  }
}

/** A page kept open across scenarios (opening one costs more than a fetch): its events go to the running scenario. */
interface Opened {
  page: Page
  frame: Frame
  cdp: CDPSession
  /** The scenario using the page now; `undefined` between scenarios. */
  sink: Sink | undefined
}

/** The URL of the request a DevTools issue is about, when it names one. */
function issueUrl(details: Record<string, unknown>): string | undefined {
  for (const value of Object.values(details)) {
    const url = (value as { request?: { url?: unknown } } | undefined)?.request?.url
    if (typeof url === 'string') return url
  }
}

async function open(context: BrowserContext, origin: string, sandboxed: boolean | undefined): Promise<Opened> {
  const page = await context.newPage()
  const cdp = await context.newCDPSession(page)
  const opened: Opened = { page, frame: page.mainFrame(), cdp, sink: undefined }
  page.on('console', (message) => {
    const text = message.text()
    // Only messages about this scenario's requests: a late one from the last scenario is dropped.
    if (opened.sink && /CORS|Access-Control|cross-origin/i.test(text) && tagged(text, opened.sink.id)) opened.sink.o.console.push(text)
  })
  cdp.on('Audits.issueAdded', ({ issue }) => {
    const cors = issue.details.corsIssueDetails?.corsErrorStatus
    const deprecation = issue.details.deprecationIssueDetails?.type
    const url = issueUrl(issue.details as Record<string, unknown>)
    if (!opened.sink || issue.code === 'QuirksModeIssue' || (url && !tagged(url, opened.sink.id))) return
    opened.sink.o.issues.push({
      code: deprecation ? `${issue.code}: ${deprecation}` : issue.code,
      ...(cors && { corsError: cors.corsError, failedParameter: cors.failedParameter }),
    })
  })
  cdp.on('Network.responseReceivedExtraInfo', ({ blockedCookies }) => {
    for (const { blockedReasons, cookie, cookieLine } of blockedCookies) {
      opened.sink?.o.blockedCookies.push(`${cookie?.name ?? cookieLine.split('=')[0]} (${blockedReasons.join(', ')})`)
    }
  })
  await cdp.send('Audits.enable')
  await cdp.send('Network.enable')
  await page.goto(origin + pathFor(sandboxed), { timeout: 15_000 })
  const frame = sandboxed ? page.frames().find((f) => f.url().endsWith('/inner')) : page.mainFrame()
  if (!frame) throw new Error(`no sandboxed iframe on ${origin}`)
  opened.frame = frame
  return opened
}

/** A Chromium context as a window: pages by origin and frame, opened on first use. */
class ChromiumWindow implements EngineWindow {
  readonly #pages = new Map<string, Promise<Opened>>()
  constructor(readonly context: BrowserContext) {}

  #page(origin: string, sandboxed: boolean | undefined): Promise<Opened> {
    const key = origin + pathFor(sandboxed)
    let page = this.#pages.get(key)
    if (!page) {
      page = open(this.context, origin, sandboxed)
      // A page that failed to open is tried again next time.
      page.catch(() => this.#pages.delete(key))
      this.#pages.set(key, page)
    }
    return page
  }

  async fetch(origin: string, sandboxed: boolean | undefined, args: FetchArgs, sink: Sink, awaitIssue?: string) {
    const target = await this.#page(origin, sandboxed)
    target.sink = sink
    try {
      const { o } = sink
      const consoleBefore = o.console.length
      const issuesBefore = o.issues.filter((i) => i.corsError).length
      const result = await target.frame.evaluate(pageFetch, args)
      // Chromium logs the refusal and raises its DevTools issue just after the fetch rejects: wait
      // for both (the issues of a sandboxed iframe's own process do not reach this page's session).
      const settled = () => o.console.length > consoleBefore && (!!sandboxed || o.issues.filter((i) => i.corsError).length > issuesBefore)
      if (!result.ok) await waitFor(settled, 3_000)
      if (awaitIssue) await waitFor(() => o.issues.some((x) => x.code.includes(awaitIssue)), 1_000)
      return result
    } finally {
      target.sink = undefined
    }
  }
}

/** Chromium as an engine: two launches (fresh and persistent profile), a fresh context per key. */
export async function launchChromium(spki: string): Promise<Engine> {
  const browsers = await launchBrowsers(spki)
  const windows = new Map<string, Promise<ChromiumWindow>>()
  const persistent = new ChromiumWindow(browsers.persistent)
  return {
    name: 'chromium',
    version: `Chromium ${browsers.version}`,
    consoleVisible: true,
    driver:
      'playwright-core over CDP; hosts mapped with `--host-resolver-rules`, the certificate trusted by its key (`--ignore-certificate-errors-spki-list`), which keeps the HTTP cache on',
    window(key: string, profile: Profile) {
      if (profile === 'persistent') return Promise.resolve(persistent)
      let window = windows.get(key)
      // A fresh context per key: its own cookies and caches.
      if (!window) windows.set(key, (window = browsers.fresh.newContext().then((context) => new ChromiumWindow(context))))
      return window
    },
    close: () => browsers.close(),
  }
}
