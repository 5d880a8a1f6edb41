/**
 * Every behaviour of the design that a browser can observe, as scenarios: a page on one origin,
 * fetches to an API served with one policy, and what each engine must let the page read or refuse.
 * Where engines differ, the expectation says what each engine did (`o.engine`), with a comment.
 */
import { expect } from 'vitest'
import { SHARED_CACHE_CONTROL, STREAM_CHUNKS, STREAM_GAP_MS, UPSTREAM } from './app.ts'
import type { Cause } from './causes.ts'
import { type EngineName, type Profile, REFUSAL_ERROR } from './engine.ts'
import type { Observation, Step, StepResult } from './run.ts'
import type { PageKey, PolicyName, Recorded } from './world.ts'

export interface Scenario {
  /** Short, unique; also tags the URLs of its requests. */
  id: string
  /** The behaviour it proves, as a test name. */
  title: string
  policy: PolicyName
  page: PageKey
  /** Browser profile; `fresh` by default. */
  profile?: Profile
  steps: Step[]
  /** For a refusal: the cause that the engine's console and corsa's `explain()` must both name. */
  refused?: Cause
  /** The refused request to explain; the last one the server saw by default. */
  explainRequest?(o: Observation): Recorded | undefined
  /** Checks what the page read and what the server saw. */
  check(o: Observation): void
  /** Extra facts for the docs table, taken from the observation. */
  note?(o: Observation): string
  /** For a control: what the server (not corsa) answers, shown instead of the policy. */
  withoutCorsa?: string
}

const JSON_PUT = { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"n":1}' }
const data = (init?: Step['init'], more: Partial<Step> = {}): Step => ({ url: (u) => u.api('/data'), ...(init && { init }), ...more })

/** Requests the server saw that were preflights. */
export const preflights = (o: Observation): Recorded[] =>
  o.requests.filter((r) => r.method === 'OPTIONS' && r.headers['access-control-request-method'])
const actuals = (o: Observation): Recorded[] => o.requests.filter((r) => !(r.method === 'OPTIONS' && r.headers['access-control-request-method']))
const readable = (r: StepResult | undefined, status = 200) => {
  expect(r?.error).toBeUndefined()
  expect(r?.status).toBe(status)
}
/** Step `i` was refused by CORS: the page's fetch() rejected with the engine's TypeError. */
const refused = (o: Observation, i = 0) => {
  expect(o.steps[i]?.ok).toBe(false)
  expect(o.steps[i]?.error).toBe(REFUSAL_ERROR[o.engine])
}
/** A fetch past the browser's own HTTP cache (only a shared cache can answer it from a copy). */
const NO_STORE = { cache: 'no-store' } as const
const origin = (r: Recorded | undefined) => r?.headers.origin?.replace(/:\d+$/, '')
const body = (r: StepResult | undefined) => JSON.parse(r?.body ?? 'null') as Record<string, unknown>
const cookieNames = (o: Observation, i: number) =>
  String(body(o.steps[i]).cookie ?? '')
    .split(/;\s*/)
    .filter(Boolean)
    .map((c) => c.split('=')[0]!.replace(/^c_[a-z0-9-]+_/, '<name>_'))
    .map((c) => (/^c_/.test(c) ? '<name>' : c))
    .sort()

/** The response headers the exposeHeaders scenarios try to read. */
const EXPOSE_READ = ['content-type', 'x-request-id', 'x-extra']

/** The cookies sent back cross-site (`app.test` → `api.test`), per profile and engine, as observed. */
const CROSS_SITE_COOKIES: Record<Profile, Record<EngineName, string[]>> = {
  fresh: {
    // Chromium blocks third-party cookies: only the Partitioned (CHIPS) one is stored.
    chromium: ['<name>_partitioned'],
    // Firefox (Total Cookie Protection) stores the plain SameSite=None cookie too, partitioned by
    // the top-level site without being asked: it comes back to the same page's site.
    firefox: ['<name>', '<name>_partitioned'],
    // WebKit (MiniBrowser's no-third-party policy) stores neither, not even the Partitioned one.
    webkit: [],
  },
  persistent: {
    chromium: ['<name>', '<name>_partitioned'],
    firefox: ['<name>', '<name>_partitioned'],
    webkit: ['<name>', '<name>_partitioned'],
  },
}

export const scenarios: Scenario[] = [
  // Simple requests (no preflight).
  {
    id: 'simple-get',
    title: 'a simple GET from an allowed origin is readable and needs no preflight',
    policy: 'list',
    page: 'app',
    steps: [data()],
    check(o) {
      readable(o.steps[0])
      expect(body(o.steps[0]).method).toBe('GET')
      expect(preflights(o)).toHaveLength(0)
    },
  },
  {
    id: 'simple-get-public',
    title: "a public API (withCors(handler), origin '*') is readable from any origin and sends Access-Control-Allow-Origin: *",
    policy: 'public',
    page: 'other',
    steps: [data()],
    check(o) {
      readable(o.steps[0])
      expect(o.requests[0]?.responseHeaders['access-control-allow-origin']).toBe('*')
    },
  },
  {
    id: 'simple-get-refused',
    title: 'a simple GET from an origin not in the list reaches the handler but the page cannot read it',
    policy: 'list',
    page: 'other',
    steps: [data()],
    refused: 'origin',
    check(o) {
      refused(o)
      expect(o.requests).toHaveLength(1)
      expect(o.requests[0]?.status).toBe(200)
      expect(o.requests[0]?.responseHeaders['access-control-allow-origin']).toBeUndefined()
      expect(o.requests[0]?.responseHeaders.vary).toMatch(/\borigin\b/i)
    },
  },
  {
    id: 'simple-post',
    title: 'a POST with a text/plain body is sent without a preflight and is readable',
    policy: 'list',
    page: 'app',
    steps: [data({ method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' })],
    check(o) {
      readable(o.steps[0])
      expect(body(o.steps[0])).toMatchObject({ method: 'POST', body: 'hello' })
      expect(preflights(o)).toHaveLength(0)
    },
  },
  // Preflighted requests.
  {
    id: 'preflight-put',
    title: 'a PUT with a JSON body is preflighted, allowed and readable',
    policy: 'list',
    page: 'app',
    steps: [data(JSON_PUT)],
    check(o) {
      readable(o.steps[0])
      expect(body(o.steps[0])).toMatchObject({ method: 'PUT', body: '{"n":1}' })
      expect(preflights(o).map((r) => r.status)).toEqual([204])
    },
    note: (o) => `preflight answered ${preflights(o)[0]?.status}`,
  },
  {
    id: 'preflight-refused-origin',
    title: 'a preflight from an origin not in the list is refused and the PUT is never sent',
    policy: 'list',
    page: 'other',
    steps: [data(JSON_PUT)],
    refused: 'origin',
    check(o) {
      refused(o)
      expect(preflights(o)).toHaveLength(1)
      expect(actuals(o)).toHaveLength(0)
    },
  },
  {
    id: 'preflight-refused-method',
    title: 'a method outside allowMethods is refused and the console names the method',
    policy: 'strict',
    page: 'app',
    steps: [data({ method: 'DELETE' })],
    refused: 'method',
    check(o) {
      refused(o)
      expect(actuals(o)).toHaveLength(0)
    },
  },
  {
    id: 'preflight-refused-lowercase-method',
    title: "fetch(url, { method: 'patch' }) keeps the method lower-case and ['PATCH'] refuses it, byte for byte",
    policy: 'list',
    page: 'app',
    steps: [data({ method: 'patch', headers: { 'content-type': 'application/json' }, body: '{}' })],
    refused: 'method',
    check(o) {
      refused(o)
      expect(preflights(o)[0]?.headers['access-control-request-method']).toBe('patch')
    },
  },
  {
    id: 'preflight-refused-header',
    title: 'a request header outside allowHeaders is refused and the console names the header',
    policy: 'strict',
    page: 'app',
    steps: [data({ headers: { 'X-Other': '1' } })],
    refused: 'header',
    check(o) {
      refused(o)
      expect(actuals(o)).toHaveLength(0)
    },
  },
  {
    id: 'preflight-allowed-header',
    title: 'a request header in allowHeaders is allowed',
    policy: 'strict',
    page: 'app',
    steps: [data({ headers: { 'X-Token': 't' } })],
    check(o) {
      readable(o.steps[0])
      expect(preflights(o)).toHaveLength(1)
    },
  },
  {
    id: 'app-options',
    title: "the application's own OPTIONS (no Access-Control-Request-Method) reaches the application",
    policy: 'app-options',
    page: 'app',
    steps: [{ url: (u) => u.api('/options'), init: { method: 'OPTIONS' } }],
    check(o) {
      readable(o.steps[0])
      expect(o.steps[0]?.body).toBe('the application answered OPTIONS')
      expect(preflights(o).map((r) => r.status)).toEqual([204])
      expect(actuals(o).map((r) => [r.method, r.status])).toEqual([['OPTIONS', 200]])
    },
    note: () => 'preflight answered by corsa, then the OPTIONS answered by the application',
  },
  {
    id: 'options-refused',
    title: 'OPTIONS is refused by the default allowMethods, which does not list it',
    policy: 'list',
    page: 'app',
    steps: [{ url: (u) => u.api('/options'), init: { method: 'OPTIONS' } }],
    refused: 'method',
    check(o) {
      refused(o)
      expect(actuals(o)).toHaveLength(0)
    },
  },
  // Authorization.
  {
    id: 'authorization-listed',
    title: 'Authorization listed explicitly in allowHeaders is allowed',
    policy: 'auth-list',
    page: 'app',
    steps: [data({ headers: { Authorization: 'Bearer token' } })],
    check(o) {
      readable(o.steps[0])
      expect(body(o.steps[0]).authorization).toBe('Bearer token')
    },
  },
  {
    id: 'authorization-not-listed',
    title: 'Authorization missing from allowHeaders is refused and the console names it',
    policy: 'strict',
    page: 'app',
    steps: [data({ headers: { Authorization: 'Bearer token' } })],
    refused: 'header',
    check(o) {
      refused(o)
    },
  },
  {
    id: 'authorization-star',
    title: "allowHeaders '*' covers Authorization: corsa names it instead of sending '*', and DevTools reports no wildcard issue",
    policy: 'list',
    page: 'app',
    steps: [data({ headers: { Authorization: 'Bearer token', 'X-Token': 't' } }, { awaitIssue: 'AuthorizationCoveredByWildcard' })],
    check(o) {
      readable(o.steps[0])
      expect(preflights(o)[0]?.responseHeaders['access-control-allow-headers']).toBe('authorization, x-token')
      expect(o.issues).toEqual([])
    },
    note: (o) =>
      `preflight sent Access-Control-Allow-Headers: ${preflights(o)[0]?.responseHeaders['access-control-allow-headers']}; no DevTools issue`,
  },
  {
    id: 'authorization-star-credentials',
    title: "allowHeaders '*' with credentials covers Authorization on a credentialed request",
    policy: 'creds',
    page: 'app',
    steps: [data({ headers: { Authorization: 'Bearer token' }, credentials: 'include' })],
    check(o) {
      readable(o.steps[0])
      expect(body(o.steps[0]).authorization).toBe('Bearer token')
      expect(o.issues).toEqual([])
    },
  },
  // Credentials and cookies.
  ...(['fresh', 'persistent'] as const).map(
    (profile): Scenario => ({
      id: `cookies-cross-site-${profile}`,
      title: `credentials: a cookie set by one response is sent with the next, cross-site (${profile} profile)`,
      policy: 'creds',
      page: 'app',
      profile,
      steps: [
        { url: (u) => u.api(`/login?name=c_${profile}`), init: { credentials: 'include' } },
        { url: (u) => u.api('/whoami'), init: { credentials: 'include' } },
      ],
      check(o) {
        readable(o.steps[0])
        readable(o.steps[1])
        expect(cookieNames(o, 1)).toEqual(CROSS_SITE_COOKIES[profile][o.engine])
      },
      // Only Chromium tells automation which cookies it refused and why (DevTools' blocked reasons).
      note: (o) =>
        `cookies sent back: ${cookieNames(o, 1).join(', ') || 'none'}${
          o.engine === 'chromium'
            ? `; refused: ${[...new Set(o.blockedCookies.map((c) => c.replace(/^c_[a-z]+/, '<name>')))].join('; ') || 'none'}`
            : ''
        }`,
    }),
  ),
  {
    id: 'cookies-same-site',
    title: 'credentials: same-site pages (app.example.test → api.example.test) get SameSite=Lax cookies too',
    policy: 'creds',
    page: 'site',
    steps: [
      { url: (u) => u.api('/login?name=c_site', { host: 'api.example.test' }), init: { credentials: 'include' } },
      { url: (u) => u.api('/whoami', { host: 'api.example.test' }), init: { credentials: 'include' } },
    ],
    check(o) {
      readable(o.steps[0])
      readable(o.steps[1])
      expect(cookieNames(o, 1)).toEqual(
        // WebKit treats api.example.test as third party to app.example.test: `test` is not on the
        // Public Suffix List, so it does not see one site, and its no-third-party policy keeps every
        // cookie out. Chromium and Firefox see one site (example.test) and send them all.
        o.engine === 'webkit' ? [] : ['<name>', '<name>_lax', '<name>_partitioned'],
      )
    },
    note: (o) => `cookies sent back: ${cookieNames(o, 1).join(', ') || 'none'}`,
  },
  {
    id: 'credentials-not-allowed',
    title: 'a credentialed request to a policy without credentials is refused for its credentials',
    policy: 'list',
    page: 'app',
    steps: [data({ credentials: 'include' })],
    refused: 'credentials',
    check(o) {
      refused(o)
    },
  },
  {
    id: 'credentials-wildcard',
    title: "a credentialed request to a public API (origin '*') is refused for its credentials",
    policy: 'public',
    page: 'app',
    steps: [data({ credentials: 'include' })],
    refused: 'credentials',
    check(o) {
      refused(o)
    },
  },
  {
    id: 'credentials-preflight',
    title: 'a credentialed preflighted request to a policy without credentials fails at the preflight',
    policy: 'list',
    page: 'app',
    steps: [data({ ...JSON_PUT, credentials: 'include' })],
    refused: 'credentials',
    check(o) {
      refused(o)
      expect(actuals(o)).toHaveLength(0)
    },
  },
  // Exposed headers.
  ...(
    [
      ['expose-none', 'list', 'omit', 'without exposeHeaders only safelisted response headers are readable', [null, null]],
      ['expose-list', 'expose-list', 'omit', 'exposeHeaders lists the response headers scripts can read', ['req-42', null]],
      ['expose-star', 'expose-star', 'omit', "exposeHeaders '*' without credentials exposes every response header", ['req-42', 'extra']],
      [
        'expose-star-credentials',
        'expose-star-creds',
        'include',
        "exposeHeaders '*' with credentials exposes every response header of a credentialed request (corsa lists them)",
        ['req-42', 'extra'],
      ],
      [
        'expose-star-credentials-omit',
        'expose-star-creds',
        'omit',
        "exposeHeaders '*' with credentials also exposes them to a request without credentials",
        ['req-42', 'extra'],
      ],
    ] as const
  ).map(
    ([id, policy, credentials, title, [requestId, extra]]): Scenario => ({
      id,
      title,
      policy,
      page: 'app',
      steps: [data({ credentials }, { read: EXPOSE_READ })],
      check(o) {
        readable(o.steps[0])
        expect(o.steps[0]?.headers).toEqual({ 'content-type': 'application/json', 'x-request-id': requestId, 'x-extra': extra })
      },
      // In the order asked for: WebKit's WebDriver answer does not keep the script's key order.
      note: (o) => `readable: ${EXPOSE_READ.filter((name) => (o.steps[0]?.headers[name] ?? null) !== null).join(', ')}`,
    }),
  ),
  // The preflight cache.
  ...(
    [
      ['max-age-600', 'max-age-600', 'maxAge: 600 caches the preflight: a second PUT to the same URL sends none', 1, false],
      ['max-age-0', 'max-age-0', 'maxAge: 0 disables the preflight cache: every PUT is preflighted', 2, false],
      ['max-age-unset', 'list', 'without maxAge the browser caches a preflight for its default (5 seconds): two PUTs in a row send one', 1, false],
      ['max-age-per-url', 'max-age-600', 'the preflight cache is per URL: another query string is preflighted again', 2, true],
    ] as const
  ).map(
    ([id, policy, title, count, otherUrl]): Scenario => ({
      id,
      title,
      policy,
      page: 'app',
      steps: [
        { url: (u) => u.api('/data?n=1'), init: JSON_PUT },
        { url: (u) => u.api(otherUrl ? '/data?n=2' : '/data?n=1'), init: JSON_PUT },
      ],
      check(o) {
        readable(o.steps[0])
        readable(o.steps[1])
        // Firefox does not reuse a cached preflight for a header it allowed through
        // `Access-Control-Allow-Headers: *` (these policies keep the default allowHeaders '*'): the
        // second PUT's Content-Type is preflighted again, max-age or not.
        expect(preflights(o)).toHaveLength(o.engine === 'firefox' && count === 1 ? 2 : count)
        expect(actuals(o)).toHaveLength(2)
        const maxAge = preflights(o)[0]?.responseHeaders['access-control-max-age']
        expect(maxAge).toBe(policy === 'max-age-600' ? '600' : policy === 'max-age-0' ? '0' : undefined)
      },
      note: (o) => `preflights seen by the server for 2 PUTs: ${preflights(o).length}`,
    }),
  ),
  {
    id: 'preflight-status-200',
    title: 'preflightStatus: 200 answers preflights with 200, which browsers accept',
    policy: 'status-200',
    page: 'app',
    steps: [data(JSON_PUT)],
    check(o) {
      readable(o.steps[0])
      expect(preflights(o).map((r) => r.status)).toEqual([200])
    },
    note: (o) => `preflight answered ${preflights(o)[0]?.status}`,
  },
  // Patterns and lookalikes.
  {
    id: 'subdomain-pattern',
    title: "'https://*.example.test:*' allows app.example.test and www.example.test",
    policy: 'subdomains',
    page: 'site',
    steps: [data(), data(undefined, { page: 'www' })],
    check(o) {
      readable(o.steps[0])
      readable(o.steps[1])
    },
  },
  ...(
    [
      ['subdomain-refuses-bare', 'bare', 'the bare domain example.test'],
      ['subdomain-refuses-dash', 'dash', 'the lookalike evil-example.test'],
      ['subdomain-refuses-suffix', 'suffix', 'the lookalike example.test.evil.test'],
      ['subdomain-refuses-http', 'plain', 'http://app.example.test (another scheme)'],
    ] as const
  ).map(
    ([id, page, who]): Scenario => ({
      id,
      title: `'https://*.example.test:*' refuses ${who}`,
      policy: 'subdomains',
      page,
      steps: [data()],
      refused: 'origin',
      check(o) {
        refused(o)
      },
    }),
  ),
  {
    id: 'port-pattern',
    title: "'https://app.test:*' allows app.test on another port",
    policy: 'ports',
    page: 'app2',
    steps: [data()],
    check(o) {
      readable(o.steps[0])
    },
  },
  {
    id: 'port-pattern-refuses-host',
    title: "'https://app.test:*' refuses another host",
    policy: 'ports',
    page: 'other',
    steps: [data()],
    refused: 'origin',
    check(o) {
      refused(o)
    },
  },
  {
    id: 'exact-port-refuses-port',
    title: 'an exact origin refuses the same host on another port',
    policy: 'list',
    page: 'app2',
    steps: [data()],
    refused: 'origin',
    check(o) {
      refused(o)
    },
  },
  // The null origin.
  {
    id: 'null-origin-listed',
    title: "a sandboxed iframe (Origin: null) can read when 'null' is listed",
    policy: 'null-listed',
    page: 'app',
    steps: [data(undefined, { sandboxed: true })],
    check(o) {
      readable(o.steps[0])
      expect(o.requests[0]?.headers.origin).toBe('null')
      expect(o.requests[0]?.responseHeaders['access-control-allow-origin']).toBe('null')
    },
  },
  {
    id: 'null-origin-refused',
    title: "a sandboxed iframe (Origin: null) is refused when 'null' is not listed",
    policy: 'list',
    page: 'app',
    steps: [data(undefined, { sandboxed: true })],
    refused: 'origin',
    check(o) {
      refused(o)
      expect(o.requests[0]?.headers.origin).toBe('null')
    },
  },
  // Error responses, redirects, pass-through, streaming.
  {
    id: 'error-responses',
    title: 'error responses (404, 500, a thrown error) are readable by the page',
    policy: 'list',
    page: 'app',
    steps: [{ url: (u) => u.api('/status?code=404') }, { url: (u) => u.api('/status?code=500') }, { url: (u) => u.api('/throw') }],
    check(o) {
      readable(o.steps[0], 404)
      readable(o.steps[1], 500)
      readable(o.steps[2], 500)
      expect(body(o.steps[0])).toEqual({ error: 'status 404' })
    },
    note: (o) => `statuses read: ${o.steps.map((s) => s.status).join(', ')}`,
  },
  {
    id: 'redirect-same-origin',
    title: 'a redirect (Response.redirect, immutable headers) within the API origin is followed and readable',
    policy: 'list',
    page: 'app',
    steps: [{ url: (u) => u.api(`/redirect?to=${encodeURIComponent(u.api('/data'))}`) }],
    check(o) {
      readable(o.steps[0])
      expect(o.steps[0]?.redirected).toBe(true)
      expect(o.requests.map((r) => [r.status, r.headers.origin !== 'null'])).toEqual([
        [302, true],
        [200, true],
      ])
      expect(o.requests[0]?.responseHeaders['access-control-allow-origin']).toBe(o.requests[0]?.headers.origin)
    },
  },
  {
    id: 'redirect-cross-origin',
    title: "a redirect to another API origin turns Origin into null, refused when 'null' is not listed",
    policy: 'list',
    page: 'app',
    steps: [{ url: (u) => u.api(`/redirect?to=${encodeURIComponent(u.api('/data', { host: 'api2.test' }))}`) }],
    refused: 'origin',
    check(o) {
      refused(o)
      expect(o.requests.map((r) => r.headers.origin === 'null')).toEqual([false, true])
    },
  },
  {
    id: 'redirect-cross-origin-null-listed',
    title: "a redirect to another API origin is readable when 'null' is listed",
    policy: 'null-listed',
    page: 'app',
    steps: [{ url: (u) => u.api(`/redirect?to=${encodeURIComponent(u.api('/data', { host: 'api2.test' }))}`) }],
    check(o) {
      readable(o.steps[0])
      expect(o.steps[0]?.redirected).toBe(true)
    },
  },
  {
    id: 'fetch-pass-through',
    title: 'a fetch() response passed through keeps its status, headers and body; its stale Access-Control-Allow-Origin is replaced',
    policy: 'expose-star',
    page: 'app',
    steps: [{ url: (u) => u.api('/proxy'), read: ['x-upstream'] }],
    check(o) {
      readable(o.steps[0], UPSTREAM.status)
      expect(o.steps[0]?.body).toBe(UPSTREAM.body)
      expect(o.steps[0]?.headers['x-upstream']).toBe('yes')
      const sent = o.requests[0]?.responseHeaders
      expect(sent?.['access-control-allow-origin']).toBe(o.requests[0]?.headers.origin)
      expect(
        sent?.vary
          ?.split(/\s*,\s*/)
          .map((v) => v.toLowerCase())
          .sort(),
      ).toEqual(['accept-encoding', 'origin'])
    },
    note: () => 'upstream Access-Control-Allow-Origin replaced, Vary: Accept-Encoding kept with Origin added',
  },
  {
    id: 'streaming',
    title: 'a streamed body reaches the page chunk by chunk',
    policy: 'list',
    page: 'app',
    steps: [{ url: (u) => u.api('/stream'), stream: true }],
    check(o) {
      readable(o.steps[0])
      expect(o.steps[0]?.body).toBe(STREAM_CHUNKS.join(''))
      const times = o.steps[0]?.chunkTimes ?? []
      expect(times.length).toBeGreaterThanOrEqual(STREAM_CHUNKS.length)
      // The last chunk arrives well after the first: nothing buffered the body.
      expect(times.at(-1)).toBeGreaterThanOrEqual(STREAM_GAP_MS * (STREAM_CHUNKS.length - 1) * 0.6)
    },
    note: () => `${STREAM_CHUNKS.length} chunks, read as they come`,
  },
  // The HTTP cache.
  {
    id: 'http-cache-vary',
    title: 'the HTTP cache never serves one allowed origin the copy made for another (Vary: Origin)',
    policy: 'subdomains',
    page: 'site',
    steps: [{ url: (u) => u.api('/cacheable') }, { url: (u) => u.api('/cacheable') }, { url: (u) => u.api('/cacheable'), page: 'www' }],
    check(o) {
      for (const step of o.steps) readable(step)
      // The second fetch came from the cache; the other origin's did not. WebKit's WebDriver
      // sessions are ephemeral and have no HTTP cache: every fetch reached the server.
      expect(o.requests.map(origin)).toEqual(
        o.engine === 'webkit'
          ? ['https://app.example.test', 'https://app.example.test', 'https://www.example.test']
          : ['https://app.example.test', 'https://www.example.test'],
      )
    },
    note: (o) => `3 fetches (2 origins), ${o.requests.length} reached the server`,
  },
  {
    id: 'http-cache-public',
    title: "with a public policy (origin '*') two origins share one cached response",
    policy: 'public',
    page: 'site',
    steps: [{ url: (u) => u.api('/cacheable') }, { url: (u) => u.api('/cacheable'), page: 'www' }],
    check(o) {
      for (const step of o.steps) readable(step)
      // WebKit's WebDriver session has no HTTP cache: both fetches reached the server.
      expect(o.requests).toHaveLength(o.engine === 'webkit' ? 2 : 1)
      expect(o.requests[0]?.responseHeaders.vary).toBeUndefined()
    },
    note: (o) => `2 fetches (2 origins), ${o.requests.length} reached the server`,
  },
  // A shared cache (nginx, configured as a CDN) between the browser and corsa. Every fetch skips
  // the browser's own cache (cache: 'no-store'), so that only the shared cache can answer from a copy.
  {
    id: 'shared-cache-vary',
    title:
      'behind a shared cache, a response cached for no origin or for one origin is never served to another: each origin reads its own copy (Vary: Origin)',
    policy: 'list',
    page: 'app',
    steps: [
      // A no-cors GET carries no Origin: the cache stores the copy for "no origin" first.
      { url: (u) => u.cached('/shared'), init: { mode: 'no-cors', ...NO_STORE } },
      { url: (u) => u.cached('/shared'), init: NO_STORE },
      { url: (u) => u.cached('/shared'), init: NO_STORE, page: 'site' },
      // Again from both origins: now the cache answers, each with its own copy.
      { url: (u) => u.cached('/shared'), init: NO_STORE },
      { url: (u) => u.cached('/shared'), init: NO_STORE, page: 'site' },
    ],
    check(o) {
      expect(o.steps[0]).toMatchObject({ ok: true, type: 'opaque' })
      for (const i of [1, 2, 3, 4]) {
        readable(o.steps[i])
        expect(o.steps[i]?.body).toBe('shared body')
      }
      // One request per variant reached corsa: no origin, app.test, app.example.test.
      expect(o.requests.map(origin)).toEqual([undefined, 'https://app.test', 'https://app.example.test'])
      expect(o.requests[0]?.responseHeaders['access-control-allow-origin']).toBeUndefined()
      for (const r of o.requests) {
        expect(r.responseHeaders['cache-control']).toBe(SHARED_CACHE_CONTROL)
        expect(r.responseHeaders.vary).toMatch(/\borigin\b/i)
      }
    },
    note: (o) =>
      `5 fetches (no origin, 2 origins twice), ${o.requests.length} reached corsa; the repeats were cache hits with their own origin's copy`,
  },
  {
    id: 'shared-cache-refused-first',
    title: 'behind a shared cache, the copy cached for a refused origin (no Access-Control-Allow-Origin) is never served to an allowed one',
    policy: 'list',
    page: 'other',
    steps: [
      { url: (u) => u.cached('/shared'), init: NO_STORE },
      { url: (u) => u.cached('/shared'), init: NO_STORE, page: 'app' },
      { url: (u) => u.cached('/shared'), init: NO_STORE },
    ],
    refused: 'origin',
    explainRequest: (o) => o.requests.find((r) => origin(r) === 'https://other.test'),
    check(o) {
      refused(o, 0)
      readable(o.steps[1])
      refused(o, 2)
      // The refused origin's second fetch was a cache hit: only two requests reached corsa.
      expect(o.requests.map(origin)).toEqual(['https://other.test', 'https://app.test'])
      expect(o.requests[0]?.responseHeaders['access-control-allow-origin']).toBeUndefined()
    },
    note: (o) => `3 fetches (refused, allowed, refused again from the cache), ${o.requests.length} reached corsa`,
  },
  {
    id: 'shared-cache-public',
    title: "behind a shared cache, a public policy (origin '*') serves one cached copy to every origin, and to requests without one",
    policy: 'public',
    page: 'app',
    steps: [
      { url: (u) => u.cached('/shared'), init: NO_STORE },
      { url: (u) => u.cached('/shared'), init: NO_STORE, page: 'other' },
      { url: (u) => u.cached('/shared'), init: { mode: 'no-cors', ...NO_STORE }, page: 'site' },
    ],
    check(o) {
      readable(o.steps[0])
      readable(o.steps[1])
      expect(o.steps[2]).toMatchObject({ ok: true, type: 'opaque' })
      expect(o.requests).toHaveLength(1)
      expect(o.requests[0]?.responseHeaders['access-control-allow-origin']).toBe('*')
      expect(o.requests[0]?.responseHeaders.vary).toBeUndefined()
    },
    note: (o) => `3 fetches (2 origins, then no origin), ${o.requests.length} reached corsa`,
  },
]

/**
 * Controls: what the engines do with answers corsa never gives, from servers without corsa.
 * They prove that the suite's probes can see what corsa's scenarios assert is absent.
 */
export const controls: Scenario[] = [
  {
    id: 'control-authorization-star',
    title: 'control: a server sending Access-Control-Allow-Headers: * for Authorization gets a DevTools issue (corsa sends the names)',
    policy: 'public',
    page: 'app',
    withoutCorsa: 'a server without corsa: ACAO echoes the origin, ACAM: *, ACAH: *',
    steps: [{ url: (u) => u.control('/data'), init: { headers: { Authorization: 'Bearer token' } }, awaitIssue: 'AuthorizationCoveredByWildcard' }],
    check(o) {
      readable(o.steps[0])
      // Only Chromium says a word (a DevTools deprecation issue); Firefox and WebKit let the `*`
      // cover Authorization silently (Firefox has no console message for it, WebKit no DevTools here).
      expect(o.issues.map((i) => i.code)).toEqual(o.engine === 'chromium' ? ['DeprecationIssue: AuthorizationCoveredByWildcard'] : [])
    },
    note: (o) => (o.issues.length ? 'the request goes through; only DevTools complains' : 'the request goes through; nothing is reported'),
  },
  {
    id: 'control-shared-cache-poisoned',
    title: 'control: behind the same shared cache, a server that echoes the origin without Vary: Origin gets its cache poisoned',
    policy: 'public',
    page: 'app',
    withoutCorsa: 'a server without corsa: ACAO echoes the origin, Cache-Control: public, max-age=600, no Vary',
    steps: [
      { url: (u) => u.poisonable('/data'), init: NO_STORE },
      { url: (u) => u.poisonable('/data'), init: NO_STORE, page: 'other' },
    ],
    refused: 'origin',
    check(o) {
      readable(o.steps[0])
      // The cache served app.test's copy (Access-Control-Allow-Origin: https://app.test:<page>) to other.test.
      refused(o, 1)
      expect(o.requests.map(origin)).toEqual(['https://app.test'])
      expect(o.requests[0]?.responseHeaders.vary).toBeUndefined()
    },
    note: (o) => `2 fetches (2 origins), ${o.requests.length} reached the server; the second origin got the first one's Access-Control-Allow-Origin`,
  },
]
