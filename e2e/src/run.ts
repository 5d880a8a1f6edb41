/** Runs a scenario's steps in Chromium pages and gathers what the page, the console, DevTools and the server saw. */
import type { BrowserContext, CDPSession, Frame, Page } from 'playwright-core'
import type { ApiHost, PageKey, PageOrigins, PolicyName, Recorded } from './world.ts'

/** Builds API URLs for one scenario: every URL carries `s=<scenario>` so the server log can be filtered. */
export interface Urls {
  api(path: string, options?: { host?: ApiHost; policy?: PolicyName }): string
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

interface Opened {
  page: Page
  frame: Frame
  cdp: CDPSession
}

const pathFor = (sandboxed: boolean | undefined) => (sandboxed ? '/sandboxed' : '/')

async function open(context: BrowserContext, origin: string, sandboxed: boolean | undefined, o: Observation): Promise<Opened> {
  const page = await context.newPage()
  page.on('console', (message) => {
    const text = message.text()
    if (/CORS|Access-Control|cross-origin/i.test(text)) o.console.push(text)
  })
  const cdp = await context.newCDPSession(page)
  cdp.on('Audits.issueAdded', ({ issue }) => {
    const cors = issue.details.corsIssueDetails?.corsErrorStatus
    if (issue.code === 'QuirksModeIssue') return
    o.issues.push({ code: issue.code, ...(cors && { corsError: cors.corsError, failedParameter: cors.failedParameter }) })
  })
  cdp.on('Network.responseReceivedExtraInfo', ({ blockedCookies }) => {
    for (const { blockedReasons, cookie, cookieLine } of blockedCookies) {
      o.blockedCookies.push(`${cookie?.name ?? cookieLine.split('=')[0]} (${blockedReasons.join(', ')})`)
    }
  })
  await cdp.send('Audits.enable')
  await cdp.send('Network.enable')
  await page.goto(origin + pathFor(sandboxed), { timeout: 15_000 })
  const frame = sandboxed ? page.frames().find((f) => f.url().endsWith('/inner')) : page.mainFrame()
  if (!frame) throw new Error(`no sandboxed iframe on ${origin}`)
  return { page, frame, cdp }
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
  policy: PolicyName
  requests(): Promise<Recorded[]>
}

/** Runs the steps in order, each in its page (opened once per page kind), and gathers the observation. */
export async function runSteps(input: RunInput): Promise<Observation> {
  const o: Observation = { steps: [], console: [], issues: [], blockedCookies: [], requests: [] }
  const tag = `s=${input.id}`
  const urls: Urls = {
    api: (path, { host = 'api.test', policy = input.policy } = {}) =>
      `https://${host}:${input.apiPort}/${policy}${path}${path.includes('?') ? '&' : '?'}${tag}`,
  }
  const opened = new Map<string, Opened>()
  try {
    for (const step of input.steps) {
      const key = `${step.page ?? input.page}${pathFor(step.sandboxed)}`
      let target = opened.get(key)
      if (!target) opened.set(key, (target = await open(input.context, input.origins[step.page ?? input.page], step.sandboxed, o)))
      const consoleBefore = o.console.length
      const result = await target.frame.evaluate(pageFetch, {
        url: step.url(urls),
        init: step.init ?? {},
        read: step.read ?? [],
        stream: !!step.stream,
      })
      o.steps.push(result)
      // Chromium logs the refusal just after the fetch rejects: wait for it.
      for (let i = 0; !result.ok && o.console.length === consoleBefore && i < 40; i++) await target.page.waitForTimeout(50)
    }
  } finally {
    await Promise.allSettled([...opened.values()].map((t) => t.page.close()))
  }
  o.requests = (await input.requests()).filter((r) => new URLSearchParams(r.url.split('?')[1] ?? '').getAll('s').includes(input.id))
  return o
}
