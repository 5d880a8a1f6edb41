/** Runs a scenario's steps in an engine's pages and gathers what the page, the console, DevTools and the server saw. */
import type { EngineName, EngineWindow, PageAction } from './engine.ts'
import type { ApiHost, PageKey, PageOrigins, PolicyName, Recorded } from './world.ts'

/** Builds API URLs for one scenario: every URL carries `s=<scenario>` so the server log can be filtered. */
export interface Urls {
  api(path: string, options?: { host?: ApiHost; policy?: PolicyName }): string
  /** A control endpoint on the page server, without corsa (see `controlListener`). */
  control(path: string): string
  /** The same API path through the shared cache (nginx) in front of this face's server. */
  cached(path: string, options?: { policy?: PolicyName }): string
  /** A path on the control peer without `Vary` (no corsa), through the shared cache. */
  poisonable(path: string): string
}

/** One `fetch()` a page makes. */
export interface Step {
  /** The page that runs it; defaults to the scenario's. */
  page?: PageKey
  /** Run it in a sandboxed iframe of the page (opaque origin). */
  sandboxed?: boolean
  /** The URL, usually `urls.api('/data')`. */
  url(urls: Urls): string
  init?: {
    method?: string
    headers?: Record<string, string>
    body?: string
    credentials?: 'omit' | 'same-origin' | 'include'
    /** `no-cors`: a request without `Origin` (a GET), whose response the page cannot read. */
    mode?: 'cors' | 'no-cors'
    /** `no-store`: past the browser's own HTTP cache, so that only the shared cache can answer. */
    cache?: 'default' | 'no-store'
  }
  /** Response headers the script tries to read. */
  read?: string[]
  /** Read the body chunk by chunk, timing each chunk. */
  stream?: boolean
  /** After the fetch, wait (at most a second) for a DevTools issue of this kind, which may come late. */
  awaitIssue?: string
  /** Something other than `fetch()`: a form POST, a beacon, a top-level navigation (see `PageAction`). */
  action?: PageAction
  /** A page of its own instead of `page`: an origin plus a path prefix, opened at `<pageUrl>/` (e.g. on the API's own origin). */
  pageUrl?(urls: Urls): string
  /** Wait this long (ms) after the step, for a request the page does not wait for (a navigation). */
  settle?: number
}

/** What the script got from one `fetch()`. */
export interface StepResult {
  ok: boolean
  status?: number
  /** `basic`, `cors` or `opaque` (a no-cors response). */
  type?: string
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
  /** The engine that ran the steps: expectations can differ by engine. */
  engine: EngineName
  steps: StepResult[]
  /** The engine's console messages about CORS, in order (none from WebKit: automation cannot see them). */
  console: string[]
  /** Chromium's DevTools issues (other engines have none to give). */
  issues: Issue[]
  /** Cookies Chromium refused to store: `name (reasons)`. */
  blockedCookies: string[]
  /** What the server saw for this scenario, in order. */
  requests: Recorded[]
}

export interface RunInput {
  id: string
  engine: EngineName
  page: PageKey
  steps: Step[]
  /** The window the steps run in (its own cookies and caches). */
  window: EngineWindow
  origins: PageOrigins
  apiPort: number
  /** The https page server's port, which also serves the controls. */
  pagePort: number
  /** The shared cache's port in front of this face's server, and in front of the control peer. */
  cachePort: number
  poisonablePort: number
  policy: PolicyName
  /** Everything the server(s) behind the scenario's URLs saw so far. */
  requests(): Promise<Recorded[]>
}

/**
 * The tag of a scenario's URLs in one engine, `<engine>.<scenario>`: the servers outlive the
 * engines, so their logs hold every engine's requests.
 */
export const runTag = (engine: EngineName, id: string) => `${engine}.${id}`

/** The scenario's URLs: every one carries `s=<engine>.<scenario>`, so the server log can be filtered. */
export function scenarioUrls(input: Pick<RunInput, 'id' | 'engine' | 'policy' | 'apiPort' | 'pagePort' | 'cachePort' | 'poisonablePort'>): Urls {
  const tag = `s=${runTag(input.engine, input.id)}`
  const query = (path: string) => `${path}${path.includes('?') ? '&' : '?'}${tag}`
  return {
    api: (path, { host = 'api.test', policy = input.policy } = {}) => `https://${host}:${input.apiPort}/${policy}${query(path)}`,
    control: (path) => `https://api.test:${input.pagePort}/control${query(path)}`,
    cached: (path, { policy = input.policy } = {}) => `https://api.test:${input.cachePort}/${policy}${query(path)}`,
    poisonable: (path) => `https://api.test:${input.poisonablePort}/peer${query(path)}`,
  }
}

/** Runs the steps in order, each in its page, and gathers the observation. */
export async function runSteps(input: RunInput): Promise<Observation> {
  const o: Observation = { engine: input.engine, steps: [], console: [], issues: [], blockedCookies: [], requests: [] }
  const urls = scenarioUrls(input)
  const tag = runTag(input.engine, input.id)
  const sink = { id: tag, o }
  for (const step of input.steps) {
    const args = {
      url: step.url(urls),
      init: step.init ?? {},
      read: step.read ?? [],
      stream: !!step.stream,
      ...(step.action && { action: step.action }),
    }
    const page = step.pageUrl?.(urls) ?? input.origins[step.page ?? input.page]
    o.steps.push(await input.window.fetch(page, step.sandboxed, args, sink, step.awaitIssue))
    if (step.settle) await new Promise((resolve) => setTimeout(resolve, step.settle))
  }
  o.requests = (await input.requests()).filter((r) => new URLSearchParams(r.url.split('?')[1] ?? '').getAll('s').includes(tag))
  return o
}
