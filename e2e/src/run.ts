/** Runs a scenario's steps in Chromium pages and gathers what the page, the console, DevTools and the server saw. */
import type { BrowserContext, CDPSession, Frame, Page } from 'playwright-core'
import type { ApiHost, PageKey, PageOrigins, PolicyName, Recorded } from './world.ts'

/** Builds API URLs for one scenario: every URL carries `s=<scenario>` so the server log can be filtered. */
export interface Urls {
  api(path: string, options?: { host?: ApiHost; policy?: PolicyName }): string
  /** A control endpoint on the page server, without corsa (see `controlListener`). */
  control(path: string): string
}

/** One `fetch()` a page makes. */
export interface Step {
  /** The page that runs it; defaults to the scenario's. */
  page?: PageKey
  /** Run it in a sandboxed iframe of the page (opaque origin). */
  sandboxed?: boolean
  /** The URL, usually `urls.api('/data')`. */
  url(urls: Urls): string
  init?: { method?: string; headers?: Record<string, string>; body?: string; credentials?: 'omit' | 'same-origin' | 'include' }
  /** Response headers the script tries to read. */
  read?: string[]
  /** Read the body chunk by chunk, timing each chunk. */
  stream?: boolean
  /** After the fetch, wait (at most a second) for a DevTools issue of this kind, which may come late. */
  awaitIssue?: string
}

/** What the script got from one `fetch()`. */
export interface StepResult {
  ok: boolean
  status?: number
  body?: string
  redirected?: boolean
  /** Response headers the script could read (`null`: hidden from it). */
  headers: Record<string, string | null>
  error?: string
  /** ms from the first chunk, for `stream` steps. */
  chunkTimes?: number[]
}

/** A DevTools issue (`Audits.issueAdded`): its code and, for CORS issues, the CORS error. */
export interface Issue {
  code: string
  corsError?: string
  failedParameter?: string
}

export interface Observation {
  steps: StepResult[]
  /** Chromium's console messages about CORS (errors and warnings), in order. */
  console: string[]
  issues: Issue[]
  /** Cookies Chromium refused to store: `name (reasons)`. */
  blockedCookies: string[]
  /** What the server saw for this scenario, in order. */
  requests: Recorded[]
}

/** A page kept open across scenarios (opening one costs more than a fetch): its events go to the running scenario. */
interface Opened {
  page: Page
  frame: Frame
  cdp: CDPSession
  /** The scenario using the page now, and its observation; `undefined` between scenarios. */
  sink: { id: string; o: Observation } | undefined
}

/** Whether a URL (or a message quoting one) belongs to scenario `id`: its URLs carry `s=<id>`. */
export const tagged = (text: string, id: string) => new RegExp(`[?&]s=${id.replace(/[^\w-]/g, '\\$&')}(?![\\w-])`).test(text)

/** The URL of the request a DevTools issue is about, when it names one. */
function issueUrl(details: Record<string, unknown>): string | undefined {
  for (const value of Object.values(details)) {
    const url = (value as { request?: { url?: unknown } } | undefined)?.request?.url
    if (typeof url === 'string') return url
  }
}

const pathFor = (sandboxed: boolean | undefined) => (sandboxed ? '/sandboxed' : '/')

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

/** Pages by context, origin and frame, opened on first use and closed with their browser. */
export class PagePool {
  readonly #pages = new Map<BrowserContext, Map<string, Promise<Opened>>>()

  get(context: BrowserContext, origin: string, sandboxed: boolean | undefined): Promise<Opened> {
    let pages = this.#pages.get(context)
    if (!pages) this.#pages.set(context, (pages = new Map()))
    const key = origin + pathFor(sandboxed)
    let page = pages.get(key)
    if (!page) {
      page = open(context, origin, sandboxed)
      // A page that failed to open is tried again next time.
      page.catch(() => pages.delete(key))
      pages.set(key, page)
    }
    return page
  }
}

/** The script a page runs: one fetch, reported as plain data (a refusal is a TypeError, never a throw here). */
async function pageFetch(args: { url: string; init: RequestInit; read: string[]; stream: boolean }): Promise<StepResult> {
  try {
    const res = await fetch(args.url, args.init)
    const headers: Record<string, string | null> = {}
    for (const name of args.read) headers[name] = res.headers.get(name)
    let body = ''
    let chunkTimes: number[] | undefined
    if (args.stream && res.body) {
      chunkTimes = []
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader()
      let start: number | undefined
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        start ??= performance.now()
        chunkTimes.push(Math.round(performance.now() - start))
        body += value
      }
    } else body = await res.text()
    return { ok: true, status: res.status, body, redirected: res.redirected, headers, ...(chunkTimes && { chunkTimes }) }
  } catch (error) {
    return { ok: false, headers: {}, error: String(error) }
  }
}

export interface RunInput {
  id: string
  page: PageKey
  steps: Step[]
  context: BrowserContext
  origins: PageOrigins
  apiPort: number
  /** The https page server's port, which also serves the controls. */
  pagePort: number
  policy: PolicyName
  requests(): Promise<Recorded[]>
  pages: PagePool
}

/** Runs the steps in order, each in its page, and gathers the observation. */
export async function runSteps(input: RunInput): Promise<Observation> {
  const o: Observation = { steps: [], console: [], issues: [], blockedCookies: [], requests: [] }
  const tag = `s=${input.id}`
  const urls: Urls = {
    api: (path, { host = 'api.test', policy = input.policy } = {}) =>
      `https://${host}:${input.apiPort}/${policy}${path}${path.includes('?') ? '&' : '?'}${tag}`,
    control: (path) => `https://api.test:${input.pagePort}/control${path}?${tag}`,
  }
  const used = new Set<Opened>()
  try {
    for (const step of input.steps) {
      const target = await input.pages.get(input.context, input.origins[step.page ?? input.page], step.sandboxed)
      target.sink = { id: input.id, o }
      used.add(target)
      const consoleBefore = o.console.length
      const issuesBefore = o.issues.filter((i) => i.corsError).length
      const result = await target.frame.evaluate(pageFetch, {
        url: step.url(urls),
        init: step.init ?? {},
        read: step.read ?? [],
        stream: !!step.stream,
      })
      o.steps.push(result)
      // Chromium logs the refusal and raises its DevTools issue just after the fetch rejects: wait
      // for both (the issues of a sandboxed iframe's own process do not reach this page's session).
      const settled = () =>
        o.console.length > consoleBefore && (step.sandboxed || o.issues.filter((i) => i.corsError).length > issuesBefore)
      for (let i = 0; !result.ok && !settled() && i < 60; i++) await target.page.waitForTimeout(50)
      for (let i = 0; step.awaitIssue && !o.issues.some((x) => x.code.includes(step.awaitIssue!)) && i < 20; i++) {
        await target.page.waitForTimeout(50)
      }
    }
  } finally {
    for (const target of used) target.sink = undefined
  }
  o.requests = (await input.requests()).filter((r) => new URLSearchParams(r.url.split('?')[1] ?? '').getAll('s').includes(input.id))
  return o
}
