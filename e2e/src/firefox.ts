/**
 * Debian's Firefox ESR, driven by puppeteer-core over WebDriver BiDi. Test hosts reach 127.0.0.1
 * through the CONNECT proxy (`proxy.ts`), the certificate is accepted with the session capability
 * `acceptInsecureCerts` (the HTTP cache stays on), and each key gets its own BiDi user context
 * (cookies, HTTP cache and preflight cache apart).
 */
import { existsSync } from 'node:fs'
import puppeteer, { type Browser, type BrowserContext, type Frame, type Page } from 'puppeteer-core'
import { type Engine, type EngineWindow, type FetchArgs, pageFetch, pathFor, type Profile, type Sink, tagged, waitFor } from './engine.ts'

export const FIREFOX = process.env.CORSA_E2E_FIREFOX ?? '/usr/bin/firefox-esr'

/** Throws a message that says how to install Firefox when it is missing: the suite never skips. */
export function requireFirefox(): string {
  if (!existsSync(FIREFOX)) {
    throw new Error(
      `The browser suite needs Debian's Firefox ESR at ${FIREFOX}, which is missing. Install it with:\n\n    sudo apt-get install -y firefox-esr\n`,
    )
  }
  return FIREFOX
}

/**
 * Firefox's third-party cookie settings: 5 is Total Cookie Protection (what Firefox ships;
 * puppeteer's profile would otherwise accept every third-party cookie), 0 accepts all cookies.
 */
const COOKIE_BEHAVIOUR: Record<Profile, number> = { fresh: 5, persistent: 0 }

async function launch(proxyPort: number, profile: Profile): Promise<Browser> {
  return puppeteer.launch({
    browser: 'firefox',
    executablePath: requireFirefox(),
    headless: true,
    acceptInsecureCerts: true,
    timeout: 30_000,
    extraPrefsFirefox: {
      'network.proxy.type': 1,
      'network.proxy.http': '127.0.0.1',
      'network.proxy.http_port': proxyPort,
      'network.proxy.ssl': '127.0.0.1',
      'network.proxy.ssl_port': proxyPort,
      'network.proxy.no_proxies_on': '',
      'network.proxy.allow_hijacking_localhost': true,
      'network.cookie.cookieBehavior': COOKIE_BEHAVIOUR[profile],
      // The one plain-http page (a scheme lookalike) must stay http: no HTTPS-First upgrade.
      'dom.security.https_first': false,
    },
  })
}

interface Opened {
  page: Page
  frame: Frame
  sink: Sink | undefined
}

/** Firefox's CORS console messages (BiDi `log.entryAdded`, error level): "Cross-Origin Request Blocked: …". */
const CORS_MESSAGE = /Cross-Origin Request Blocked|CORS/

async function open(context: BrowserContext, origin: string, sandboxed: boolean | undefined): Promise<Opened> {
  const page = await context.newPage()
  const opened: Opened = { page, frame: page.mainFrame(), sink: undefined }
  const take = (text: string) => {
    if (opened.sink && CORS_MESSAGE.test(text) && tagged(text, opened.sink.id)) opened.sink.o.console.push(text)
  }
  // puppeteer surfaces Firefox's CORS errors as page errors; console messages are taken too.
  page.on('pageerror', (error) => take(error instanceof Error ? error.message : String(error)))
  page.on('console', (message) => take(message.text()))
  await page.goto(origin + pathFor(sandboxed), { timeout: 15_000 })
  if (sandboxed) {
    await page.waitForFrame((f) => f.url().endsWith('/inner'), { timeout: 5_000 })
    opened.frame = page.frames().find((f) => f.url().endsWith('/inner'))!
  }
  return opened
}

class FirefoxWindow implements EngineWindow {
  readonly #pages = new Map<string, Promise<Opened>>()
  constructor(readonly context: BrowserContext) {}

  #page(origin: string, sandboxed: boolean | undefined): Promise<Opened> {
    const key = origin + pathFor(sandboxed)
    let page = this.#pages.get(key)
    if (!page) {
      page = open(this.context, origin, sandboxed)
      page.catch(() => this.#pages.delete(key))
      this.#pages.set(key, page)
    }
    return page
  }

  async fetch(origin: string, sandboxed: boolean | undefined, args: FetchArgs, sink: Sink) {
    const target = await this.#page(origin, sandboxed)
    target.sink = sink
    try {
      const before = sink.o.console.length
      const result = await target.frame.evaluate(pageFetch, args)
      if (!result.ok) {
        // The reason comes first; a failed preflight adds "CORS request did not succeed" after it.
        await waitFor(() => sink.o.console.length > before, 3_000)
        await waitFor(() => false, 150)
      }
      return result
    } finally {
      target.sink = undefined
    }
  }
}

/**
 * Firefox as an engine: one launch with Firefox's shipped cookie policy and a user context per
 * key; the profile that allows third-party cookies is a pref, so it gets a second launch, made
 * only when a scenario asks for it.
 */
export async function launchFirefox(proxyPort: number): Promise<Engine> {
  const browser = await launch(proxyPort, 'fresh')
  const windows = new Map<string, Promise<FirefoxWindow>>()
  let persistent: Promise<{ browser: Browser; window: FirefoxWindow }> | undefined
  const version = (await browser.version()).replace(/^firefox\//i, 'Firefox ESR ')
  return {
    name: 'firefox',
    version,
    consoleVisible: true,
    driver:
      'puppeteer-core over WebDriver BiDi; hosts reached through a CONNECT-only proxy on 127.0.0.1 (profile prefs `network.proxy.*`), the certificate accepted with `acceptInsecureCerts` (the HTTP cache stays on)',
    window(key: string, profile: Profile) {
      if (profile === 'persistent') {
        persistent ??= launch(proxyPort, 'persistent').then(async (b) => ({ browser: b, window: new FirefoxWindow(b.defaultBrowserContext()) }))
        return persistent.then((p) => p.window)
      }
      let window = windows.get(key)
      if (!window) windows.set(key, (window = browser.createBrowserContext().then((context) => new FirefoxWindow(context))))
      return window
    },
    async close() {
      await Promise.allSettled([browser.close(), persistent?.then((p) => p.browser.close())])
    },
  }
}
