/**
 * Cookie diagnostics in real browsers (issue 13): for each cause, a page fetches with
 * credentials, the API (corsa's `withCors`) sets one cookie, a second request shows whether it
 * came back, and (cross-site) a third one from another top-level site shows whether it was
 * partitioned. corsa's `explain(policy, request, response)` must predict exactly what each engine
 * did. docs/cookies.md's table is written from these runs and checked like docs/browser-behaviour.md.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { type CookieOutcome, type CookieWarning, cors, explain, explainCookies, withCors } from '@corsa/core'
import { getRequestListener } from '@hono/node-server'
import { afterAll, describe, expect, test } from 'vitest'
import { type Engine, ENGINE_TITLE, type EngineName, ENGINES, type Sink } from './engine.ts'
import type { Observation } from './run.ts'
import { listenHttp, listenHttps, NODE_GLOBALS, type Running } from './servers/node-host.ts'
import type { Stage } from './stage.ts'
import type { PageKey } from './world.ts'

/** One cause: a page, an API host, one cookie. */
export interface CookieScenario {
  id: string
  /** What it proves, as a test name and a docs row. */
  title: string
  /** The page's origin: a page of the suite, or `localhost` (plain http, the plain page server's port). */
  page: Extract<PageKey, 'app' | 'site' | 'plain'> | 'localhost'
  /** The API's host; its scheme is the page's (https, or http for the plain page). */
  api: 'app.test' | 'api.test' | 'api.example.test' | 'app.example.test' | 'localhost'
  /** The cookie's name prefix (`__Host-`, `__Secure-`). */
  prefix?: string
  /** Everything after `name=value`. */
  attributes: string
  /** The page's fetch() credentials mode for the request that sets the cookie; `include` by default. */
  credentials?: 'include' | 'same-origin'
  /** The policy of the request that sets the cookie: `creds` (credentials: true) by default. */
  policy?: 'creds' | 'nocreds'
  /** Page and API on different sites: a third request from another site tells partitioned from stored. */
  crossSite?: boolean
}

export const cookieScenarios: CookieScenario[] = [
  // Same host, another port: one site for every engine, so only the cookie's own attributes count.
  {
    id: 'same-host',
    title: 'same host, another port: SameSite=Lax; Secure',
    page: 'app',
    api: 'app.test',
    attributes: 'Path=/; Secure; SameSite=Lax',
  },
  {
    id: 'host-prefix-domain',
    title: '__Host- with a Domain',
    page: 'app',
    api: 'app.test',
    prefix: '__Host-',
    attributes: 'Path=/; Secure; SameSite=Lax; Domain=app.test',
  },
  { id: 'host-prefix-path', title: '__Host- without Path=/', page: 'app', api: 'app.test', prefix: '__Host-', attributes: 'Secure; SameSite=Lax' },
  {
    id: 'host-prefix-insecure',
    title: '__Host- without Secure',
    page: 'app',
    api: 'app.test',
    prefix: '__Host-',
    attributes: 'Path=/; SameSite=Lax',
  },
  {
    id: 'secure-prefix-insecure',
    title: '__Secure- without Secure',
    page: 'app',
    api: 'app.test',
    prefix: '__Secure-',
    attributes: 'Path=/; SameSite=Lax',
  },
  {
    id: 'domain-mismatch',
    title: 'a Domain that the API host is not in',
    page: 'app',
    api: 'app.test',
    attributes: 'Path=/; Secure; SameSite=Lax; Domain=other.test',
  },
  { id: 'none-insecure', title: 'SameSite=None without Secure', page: 'app', api: 'app.test', attributes: 'Path=/; SameSite=None' },
  {
    id: 'no-credentials',
    title: "a fetch without credentials: 'include'",
    page: 'app',
    api: 'app.test',
    attributes: 'Path=/; Secure; SameSite=Lax',
    credentials: 'same-origin',
  },
  {
    id: 'no-allow-credentials',
    title: 'a response without Access-Control-Allow-Credentials (the page cannot read it)',
    page: 'app',
    api: 'app.test',
    attributes: 'Path=/; Secure; SameSite=Lax',
    policy: 'nocreds',
  },
  // Cross-site (app.test → api.test): third-party cookies.
  { id: 'cross-default', title: 'cross-site, no SameSite', page: 'app', api: 'api.test', attributes: 'Path=/; Secure', crossSite: true },
  { id: 'cross-lax', title: 'cross-site, SameSite=Lax', page: 'app', api: 'api.test', attributes: 'Path=/; Secure; SameSite=Lax', crossSite: true },
  {
    id: 'cross-none',
    title: 'cross-site, SameSite=None; Secure',
    page: 'app',
    api: 'api.test',
    attributes: 'Path=/; Secure; SameSite=None',
    crossSite: true,
  },
  {
    id: 'cross-partitioned',
    title: 'cross-site, SameSite=None; Secure; Partitioned (CHIPS)',
    page: 'app',
    api: 'api.test',
    attributes: 'Path=/; Secure; SameSite=None; Partitioned',
    crossSite: true,
  },
  {
    id: 'cross-none-insecure',
    title: 'cross-site, SameSite=None without Secure',
    page: 'app',
    api: 'api.test',
    attributes: 'Path=/; SameSite=None',
    crossSite: true,
  },
  // Same site by the Public Suffix List (app.example.test → api.example.test); WebKit sees two sites (.test is not listed).
  {
    id: 'same-site',
    title: 'same site, another host: SameSite=Lax; Secure',
    page: 'site',
    api: 'api.example.test',
    attributes: 'Path=/; Secure; SameSite=Lax',
  },
  {
    id: 'same-site-domain',
    title: 'same site, another host: Domain=example.test',
    page: 'site',
    api: 'api.example.test',
    attributes: 'Path=/; Secure; SameSite=Lax; Domain=example.test',
  },
  // Plain http, a host that is not localhost.
  {
    id: 'http-secure',
    title: 'plain http (not localhost), Secure',
    page: 'plain',
    api: 'app.example.test',
    attributes: 'Path=/; Secure; SameSite=Lax',
  },
  {
    id: 'http-plain',
    title: 'plain http (not localhost), without Secure',
    page: 'plain',
    api: 'app.example.test',
    attributes: 'Path=/; SameSite=Lax',
  },
  // Local development: http://localhost on two ports.
  {
    id: 'localhost',
    title: 'localhost over http, another port: SameSite=Lax',
    page: 'localhost',
    api: 'localhost',
    attributes: 'Path=/; SameSite=Lax',
  },
  {
    id: 'localhost-secure',
    title: 'localhost over http, another port: Secure',
    page: 'localhost',
    api: 'localhost',
    attributes: 'Path=/; Secure; SameSite=Lax',
  },
  {
    id: 'localhost-none',
    title: 'localhost over http, another port: SameSite=None; Secure',
    page: 'localhost',
    api: 'localhost',
    attributes: 'Path=/; Secure; SameSite=None',
  },
  {
    id: 'localhost-domain',
    title: 'localhost over http, another port: Domain=localhost',
    page: 'localhost',
    api: 'localhost',
    attributes: 'Path=/; SameSite=Lax; Domain=localhost',
  },
]

/** What the cookie server saw of one request: the Request and the headers of the response it sent. */
interface Seen {
  request: Request
  response: Response
}

/** The cookie API: `withCors` from `@corsa/core`, on https and plain http, recording what it answered. */
interface CookieServer {
  https: Running
  http: Running
  seen: Map<string, Seen[]>
  warnings: CookieWarning[]
  policies: Record<'creds' | 'nocreds', { origin: string[]; credentials?: boolean }>
}

/** The plain page server on localhost. */
const localhostPage = (stage: Stage) => stage.origins.plain.replace('app.example.test', 'localhost')
const isHttp = (s: CookieScenario) => s.page === 'plain' || s.page === 'localhost'

async function startCookieServer(stage: Stage): Promise<CookieServer> {
  const o = stage.origins
  const origin = [o.app, o.site, o.other, o.plain, localhostPage(stage)]
  const policies = { creds: { origin, credentials: true }, nocreds: { origin } }
  const seen = new Map<string, Seen[]>()
  const warnings: CookieWarning[] = []
  const app = (request: Request) => {
    const url = new URL(request.url)
    if (url.pathname.endsWith('/set')) {
      const headers = new Headers({ 'cache-control': 'no-store' })
      headers.append('set-cookie', url.searchParams.get('c') ?? '')
      return Response.json({ set: true }, { headers })
    }
    return Response.json({ cookie: request.headers.get('cookie') ?? '' }, { headers: { 'cache-control': 'no-store' } })
  }
  const handlers = {
    creds: withCors(app, { ...policies.creds, cookieWarnings: (w) => warnings.push(w) }),
    nocreds: withCors(app, { ...policies.nocreds, cookieWarnings: (w) => warnings.push(w) }),
  }
  const fetch = async (request: Request) => {
    const url = new URL(request.url)
    const policy = url.pathname.split('/')[1] as 'creds' | 'nocreds'
    const handler = handlers[policy]
    if (!handler) return new Response('no such policy', { status: 404 })
    const response = (await handler(request)) as Response
    const tag = url.searchParams.get('s') ?? ''
    seen.set(tag, [...(seen.get(tag) ?? []), { request, response: new Response(null, { headers: response.headers }) }])
    return response
  }
  const listener = getRequestListener(fetch, NODE_GLOBALS)
  const [https, http] = await Promise.all([listenHttps(stage.tls, listener), listenHttp(listener)])
  return { https, http, seen, warnings, policies }
}

/** What one engine did with one scenario's cookie, and what corsa predicted. */
export interface CookieRun {
  observed: CookieOutcome
  predicted: CookieOutcome
  reason: string
  message: string
  /** Chromium only: the reasons DevTools gave for the cookies it refused. */
  blocked: string[]
}

const runs = new Map<EngineName, Map<string, CookieRun>>(ENGINES.map((e) => [e, new Map()]))
let server: Promise<CookieServer> | undefined

const nameOf = (s: CookieScenario) => `${s.prefix ?? ''}c_${s.id.replace(/-/g, '_')}`

/** The scenario's cookie in a `/whoami` answer. */
function cameBack(body: string | undefined, name: string): boolean {
  try {
    const cookie = String((JSON.parse(body ?? '{}') as { cookie?: string }).cookie ?? '')
    return cookie.split(/;\s*/).some((pair) => pair.split('=')[0] === name)
  } catch {
    return false
  }
}

async function play(engine: Engine, stage: Stage, s: CookieScenario): Promise<CookieRun> {
  const srv = await (server ??= startCookieServer(stage))
  const window = await engine.window('cookies', 'fresh')
  const tag = `${engine.name}.cookies.${s.id}`
  const o: Observation = { engine: engine.name, steps: [], console: [], issues: [], blockedCookies: [], requests: [] }
  const sink: Sink = { id: tag, o }
  const page = s.page === 'localhost' ? localhostPage(stage) : stage.origins[s.page]
  const scheme = isHttp(s) ? 'http' : 'https'
  const port = isHttp(s) ? srv.http.port : srv.https.port
  const base = `${scheme}://${s.api}:${port}`
  const name = nameOf(s)
  const line = `${name}=1; ${s.attributes}`
  const policy = s.policy ?? 'creds'
  const set = `${base}/${policy}/set?s=${tag}&c=${encodeURIComponent(line)}`
  const whoami = `${base}/creds/whoami?s=${tag}`
  const include = { credentials: 'include' } as const
  const fetchArgs = (url: string, init: RequestInit) => ({ url, init, read: [], stream: false })
  await window.fetch(page, false, fetchArgs(set, s.credentials ? { credentials: s.credentials } : include), sink)
  const second = await window.fetch(page, false, fetchArgs(whoami, include), sink)
  expect(second.ok, `the second request is readable in ${ENGINE_TITLE[engine.name]}`).toBe(true)
  let observed: CookieOutcome = cameBack(second.body, name) ? 'store' : 'drop'
  if (observed === 'store' && s.crossSite) {
    // Stored for the API's site, or only under this page's top-level site?
    const elsewhere = await window.fetch(stage.origins.other, false, fetchArgs(whoami, include), sink)
    if (!cameBack(elsewhere.body, name)) observed = 'partition'
  }
  const first = srv.seen.get(tag)?.[0]
  expect(first, 'the server saw the request that sets the cookie').toBeDefined()
  const hint = s.credentials ? { credentials: s.credentials } : {}
  // The page's credentials mode is invisible to the server; the scenario knows it, as `corsa check --credentials` would.
  const decision = await explain(cors(srv.policies[policy]), first!.request, first!.response)
  const verdict = decision.cookies?.find((c) => c.source === 'set-cookie')
  const guessed = hint.credentials ? verdictWithHint(first!, hint.credentials, engine.name) : undefined
  const predicted = guessed ?? verdict?.engines[engine.name]
  return {
    observed,
    predicted: predicted?.outcome ?? 'store',
    reason: predicted?.reason ?? 'none',
    message: verdict?.message ?? '',
    blocked: o.blockedCookies.map((c) => c.replace(/c_[a-z_]+/, 'sid')),
  }
}

/** The verdict when the scenario tells corsa the page's credentials mode. */
function verdictWithHint(seen: Seen, credentials: 'include' | 'same-origin', engine: EngineName) {
  const h = seen.request.headers
  const exchange = {
    url: seen.request.url,
    origin: h.get('origin'),
    cookie: h.get('cookie'),
    setCookies: seen.response.headers.getSetCookie(),
    allowCredentials: seen.response.headers.get('access-control-allow-credentials'),
  }
  return explainCookies(exchange, { credentials })[0]?.engines[engine]
}

/** The cookie scenarios in one engine, inside that engine's describe (its one launch). */
export function cookieSuite(name: EngineName, engine: () => Engine, stage: () => Stage): void {
  describe('cookies: corsa predicts what the engine does with each cookie', () => {
    for (const s of cookieScenarios) {
      test(s.title, async () => {
        const run = await play(engine(), stage(), s)
        runs.get(name)!.set(s.id, run)
        expect(run.predicted, `corsa's prediction (${run.reason}) for ${s.id} in ${ENGINE_TITLE[name]}`).toBe(run.observed)
      })
    }
  })
}

const DOC = new URL('../../docs/cookies.md', import.meta.url)
const TABLE_START = '<!-- table: written by the e2e suite (e2e/src/scenarios-cookies.ts) -->'
const TABLE_END = '<!-- end of table -->'
const PAGE: Record<CookieScenario['page'], string> = {
  app: 'https://app.test',
  site: 'https://app.example.test',
  plain: 'http://app.example.test',
  localhost: 'http://localhost',
}

/** The table of docs/cookies.md, from what the engines did. */
function renderTable(versions: Map<EngineName, string>): string {
  const cell = (r: CookieRun | undefined) => (r ? `${r.observed}${r.observed === r.predicted ? '' : ` (corsa said ${r.predicted})`}` : 'not run')
  const rows = cookieScenarios.map((s) => {
    const chromium = runs.get('chromium')!.get(s.id)
    const blocked = chromium?.blocked.length ? `<br>DevTools: ${[...new Set(chromium.blocked)].join('; ')}` : ''
    const reasons = [...new Set(ENGINES.map((e) => runs.get(e)!.get(s.id)?.reason).filter(Boolean))].map((r) => `\`${r}\``).join(', ')
    const attrs = `\`${nameOf(s).replace(/c_[a-z_]+/, 'sid')}=1; ${s.attributes}\``
    const mode = `${s.credentials ? `credentials: '${s.credentials}'` : "credentials: 'include'"}${s.policy === 'nocreds' ? ', no Access-Control-Allow-Credentials' : ''}`
    return `| ${s.title} | ${PAGE[s.page]} | ${isHttp(s) ? 'http' : 'https'}://${s.api}${s.api === 'app.test' || isHttp(s) ? ' (another port)' : ''} | ${attrs} | ${mode} | ${cell(chromium)}${blocked} | ${cell(runs.get('firefox')!.get(s.id))} | ${cell(runs.get('webkit')!.get(s.id))} | ${reasons} |`
  })
  return [
    TABLE_START,
    '',
    `Observed with ${ENGINES.map((e) => `**${versions.get(e) ?? ENGINE_TITLE[e]}**`).join(', ')}, each with its shipped cookie settings (Chromium: third-party cookies blocked; Firefox: Total Cookie Protection; MiniBrowser: \`no-third-party\`). \`store\`: the cookie came back to the API; \`partition\`: it came back to the API from this page's site only; \`drop\`: it never came back. corsa's \`explain()\` predicted every cell; a cell says so when it did not.`,
    '',
    '| Cause | Page | API | Set-Cookie | fetch() | Chromium | Firefox | WebKit | corsa reason |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    TABLE_END,
  ].join('\n')
}

/** docs/cookies.md's table must be what the engines did; `CORSA_E2E_WRITE_DOCS=1` rewrites it. */
export function cookieDocs(engines: () => Map<EngineName, Engine>): void {
  describe('docs/cookies.md', () => {
    afterAll(async () => {
      const srv = await server
      await Promise.all([srv?.https.close(), srv?.http.close()])
    })
    test('the committed table is what the engines did, and corsa predicted every cell', () => {
      for (const e of ENGINES) {
        const missing = cookieScenarios.filter((s) => !runs.get(e)!.has(s.id)).map((s) => s.id)
        expect(missing, `cookie scenarios that did not complete in ${ENGINE_TITLE[e]}`).toEqual([])
      }
      const versions = new Map([...engines()].map(([n, e]) => [n, e.version]))
      const table = renderTable(versions)
      let committed = ''
      try {
        committed = readFileSync(DOC, 'utf8')
      } catch {}
      const start = committed.indexOf(TABLE_START)
      const end = committed.indexOf(TABLE_END)
      expect(start >= 0 && end > start, 'docs/cookies.md has the table markers').toBe(true)
      const current = committed.slice(start, end + TABLE_END.length)
      if (process.env.CORSA_E2E_WRITE_DOCS === '1') writeFileSync(DOC, committed.replace(current, table))
      else expect(current, 'docs/cookies.md differs from what the engines did: rerun with CORSA_E2E_WRITE_DOCS=1').toBe(table)
    })
    test('corsa warned, in development, about every scenario whose cookie an engine dropped or partitioned', async () => {
      const srv = await server
      const warned = new Set(srv?.warnings.map((w) => w.name))
      for (const s of cookieScenarios) {
        const troubled = ENGINES.some((e) => runs.get(e)!.get(s.id)?.observed !== 'store')
        if (troubled && !s.credentials) expect(warned.has(nameOf(s)), `a warning for ${nameOf(s)}`).toBe(true)
      }
    })
  })
}
