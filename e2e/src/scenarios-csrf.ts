/**
 * Cross-origin protection (`csrf`, issue 14) in real browsers: what a page on a refused origin can
 * still send without CORS (an HTML form POST carrying cookies, a `no-cors` fetch POST, a
 * `navigator.sendBeacon`) never reaches the handler and gets 403; the same from an allowed
 * origin, a same-origin page and a same-site-but-allowed page pass; a top-level navigation GET
 * passes. The page cannot read these answers: the server's recorder (outside corsa) is the
 * witness, and `explain()` must call each refusal `csrf-refused`. Every scenario runs against
 * every face the suite serves (the faces that run a subset: those it names), in every engine.
 */
import { writeFileSync } from 'node:fs'
import { type CorsDecision, cors, explain } from '@corsa/core'
import { describe, expect, test } from 'vitest'
import { type Engine, ENGINE_TITLE, type EngineName, type Profile } from './engine.ts'
import { type Observation, runSteps, type Step, type Urls } from './run.ts'
import { type Adapter, runs } from './servers/types.ts'
import type { Stage } from './stage.ts'
import type { PageKey, Recorded } from './world.ts'

export interface CsrfScenario {
  id: string
  /** The behaviour it proves, as a test name. */
  title: string
  /** Browser profile; `fresh` by default. */
  profile?: Profile
  steps: Step[]
  /** Checks what the server saw (and what the page got, where it can see anything). */
  check(o: Observation): void
}

/** The policy every scenario uses (world.ts): `app` and `app.example.test` may write. */
const POLICY = 'csrf'

type Host = 'api.test' | 'api.example.test'
const data =
  (host: Host = 'api.test') =>
  (u: Urls) =>
    u.api('/data', { host })

/** A form POST (into a hidden iframe) from `page`: a navigation, with whatever cookies the engine sends along. */
const form = (page: PageKey, host?: Host, url = data(host)): Step => ({ page, action: 'form', url, init: { body: 'form' } })
/** `fetch(url, { method: 'POST', mode: 'no-cors', credentials: 'include' })`: the page gets an opaque answer. */
const noCors = (page: PageKey, host?: Host): Step => ({
  page,
  url: data(host),
  init: { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'content-type': 'text/plain' }, body: 'no-cors' },
})
/** `navigator.sendBeacon(url, 'beacon')`: a credentialed POST whose answer nobody sees. */
const beacon = (page: PageKey, host?: Host): Step => ({ page, action: 'beacon', url: data(host), init: { body: 'beacon' } })

/** The POSTs the server saw, in order. */
const writes = (o: Observation) => o.requests.filter((r) => r.method === 'POST')
/** corsa refused it before the handler: 403, plain text, no CORS headers. */
function refusedByCsrf(r: Recorded | undefined) {
  expect(r, 'the server saw the request').toBeDefined()
  expect(r!.status).toBe(403)
  expect(r!.responseHeaders['content-type']).toMatch(/^text\/plain/)
  expect(Object.keys(r!.responseHeaders).filter((n) => n.startsWith('access-control-'))).toEqual([])
}
/** The handler ran: `/data` answers 200 JSON (an unknown path 404 JSON). */
function reachedHandler(r: Recorded | undefined, status = 200) {
  expect(r, 'the server saw the request').toBeDefined()
  expect(r!.status).toBe(status)
  expect(r!.responseHeaders['content-type']).toMatch(/^application\/json/)
}
/** The page is on the API's own origin (the face's `/csrf/page/`): same-origin requests. */
const apiPage = (u: Urls) => `${new URL(u.api('/')).origin}/${POLICY}/page`
/** A page of its own on the refused origin (other.test), for the navigation that leaves it. */
const navigationPage = (u: Urls) => `https://other.test:${new URL(u.control('/')).port}/csrf-navigation`

// The one scenario in the profile that allows third-party cookies comes last: one session switch per face in WebKit.
export const csrfScenarios: CsrfScenario[] = [
  {
    id: 'csrf-no-cors-refused',
    title: 'a no-cors fetch POST with credentials from a refused origin gets 403 and never reaches the handler (the page gets an opaque answer)',
    steps: [noCors('other')],
    check(o) {
      expect(o.steps[0]).toMatchObject({ ok: true, type: 'opaque', status: 0 })
      refusedByCsrf(writes(o)[0])
    },
  },
  {
    id: 'csrf-beacon-refused',
    title: 'a sendBeacon from a refused origin gets 403 and never reaches the handler',
    steps: [beacon('other')],
    check(o) {
      expect(o.steps[0]?.ok).toBe(true)
      refusedByCsrf(writes(o)[0])
    },
  },
  {
    id: 'csrf-same-site-refused',
    title: 'a form POST from a same-site page that is not in the list (a sibling subdomain) gets 403',
    steps: [form('www', 'api.example.test')],
    check(o) {
      const [post] = writes(o)
      refusedByCsrf(post)
      expect(post!.headers['sec-fetch-site']).toBe('same-site')
    },
  },
  {
    id: 'csrf-bypass',
    title: 'a form POST from a refused origin to a bypassed path (/csrf/webhooks/*) reaches the handler',
    steps: [form('other', undefined, (u) => u.api('/webhooks/stripe'))],
    check(o) {
      // The application has no such route: its own 404 JSON shows that it ran.
      reachedHandler(writes(o)[0], 404)
    },
  },
  {
    id: 'csrf-allowed-origin',
    title: 'a form POST, a no-cors fetch POST and a sendBeacon from an allowed origin reach the handler',
    steps: [form('app'), noCors('app'), beacon('app')],
    check(o) {
      const posts = writes(o)
      expect(posts).toHaveLength(3)
      for (const post of posts) {
        reachedHandler(post)
        expect(post.headers['sec-fetch-site']).toBe('cross-site')
      }
    },
  },
  {
    id: 'csrf-same-origin',
    title: "a form POST, a fetch POST and a sendBeacon from a page on the API's own origin reach the handler",
    steps: [
      { ...form('app'), pageUrl: apiPage },
      { page: 'app', pageUrl: apiPage, url: data(), init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"n":1}' } },
      { ...beacon('app'), pageUrl: apiPage },
    ],
    check(o) {
      expect(o.steps[1]).toMatchObject({ ok: true, status: 200 })
      const posts = writes(o)
      expect(posts).toHaveLength(3)
      for (const post of posts) {
        reachedHandler(post)
        expect(post.headers['sec-fetch-site']).toBe('same-origin')
      }
    },
  },
  {
    id: 'csrf-same-site-allowed',
    title: 'a form POST, a no-cors fetch POST and a sendBeacon from a same-site page in the list reach the handler',
    steps: [form('site', 'api.example.test'), noCors('site', 'api.example.test'), beacon('site', 'api.example.test')],
    check(o) {
      const posts = writes(o)
      expect(posts).toHaveLength(3)
      for (const post of posts) {
        reachedHandler(post)
        expect(post.headers['sec-fetch-site']).toBe('same-site')
      }
    },
  },
  {
    id: 'csrf-navigation',
    title: 'a top-level navigation GET from a refused origin reaches the handler (safe methods are never refused)',
    steps: [{ page: 'other', pageUrl: navigationPage, action: 'navigate', url: data(), settle: 1_000 }],
    check(o) {
      const [get] = o.requests.filter((r) => r.method === 'GET')
      reachedHandler(get)
      expect(get!.headers['sec-fetch-site']).toBe('cross-site')
      expect(get!.headers['sec-fetch-mode']).toBe('navigate')
    },
  },
  {
    id: 'csrf-form-refused',
    title: 'a cookie-carrying HTML form POST from a refused origin gets 403 and never reaches the handler',
    // Third-party cookies allowed, so that the session cookie set by the allowed page goes along.
    profile: 'persistent',
    steps: [{ page: 'app', url: (u) => u.api('/login?name=csrfsid'), init: { credentials: 'include' } }, form('other')],
    check(o) {
      expect(o.steps[0]?.status).toBe(200)
      const [post] = writes(o)
      refusedByCsrf(post)
      expect(post!.headers['sec-fetch-site']).toBe('cross-site')
      expect(post!.headers.origin).toMatch(/^https:\/\/other\.test:/)
      expect(post!.headers.cookie ?? '', 'the form POST carried the session cookie').toMatch(/\bcsrfsid=1\b/)
    },
  },
]

/** A recorded request as a `Request` for `explain()`: the headers cross-origin protection reads. */
function rebuild(r: Recorded): Request {
  const headers = new Headers()
  for (const name of ['origin', 'sec-fetch-site', 'host', 'cookie']) if (r.headers[name] !== undefined) headers.set(name, r.headers[name]!)
  return new Request(`https://${r.host}${r.url}`, { method: r.method, headers })
}

/** What each engine sent, per scenario, for docs/csrf.md (`CORSA_E2E_CSRF_OBSERVATIONS=<file>` writes them). */
const observed: Record<string, Record<string, string[]>> = {}

/**
 * The csrf scenarios against every face, in one engine (call inside the engine's describe, after
 * it launched): `engine()` and `stage()` are read when the tests run.
 */
export function csrfSuite(name: EngineName, faces: readonly Adapter[], engine: () => Engine, stage: () => Stage): void {
  describe(`${ENGINE_TITLE[name]}: cross-origin protection (csrf)`, () => {
    for (const face of faces) {
      const adapter = face.name
      describe(adapter, () => {
        for (const scenario of csrfScenarios.filter((s) => runs(face, s.id))) {
          test(scenario.title, async () => {
            const s = stage()
            const server = s.servers.get(adapter)!
            const ports = s.ports(adapter)
            const o = await runSteps({
              id: scenario.id,
              engine: name,
              page: scenario.steps[0]?.page ?? 'app',
              steps: scenario.steps,
              window: await engine().window(adapter, scenario.profile ?? 'fresh'),
              origins: s.origins,
              apiPort: server.port,
              pagePort: ports.page!,
              cachePort: ports.cache!,
              poisonablePort: ports.peer!,
              policy: POLICY,
              requests: () => server.requests(),
            })
            scenario.check(o)
            const policy = cors(s.policies[POLICY] as never)
            for (const r of o.requests.filter((x) => x.status === 403)) {
              expect(
                (await (explain(policy, rebuild(r)) as CorsDecision | Promise<CorsDecision>)).reason,
                "explain() names csrf as the refusal's cause",
              ).toBe('csrf-refused')
            }
            ;(observed[scenario.id] ??= {})[name] = o.requests.map(
              (r) =>
                `${r.method} ${r.status} (Sec-Fetch-Site: ${r.headers['sec-fetch-site'] ?? 'none sent'}${r.headers.cookie ? ', cookie sent' : ''})`,
            )
            if (process.env.CORSA_E2E_CSRF_OBSERVATIONS)
              writeFileSync(process.env.CORSA_E2E_CSRF_OBSERVATIONS, `${JSON.stringify(observed, null, 2)}\n`)
          })
        }
      })
    }
  })
}
