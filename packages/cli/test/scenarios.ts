/** The scenarios the browser and `corsa check` both run: every server × a set of fetch() calls, plus redirects. */
import type { HeaderPair } from '../src/rules.js'
import type { Servers } from './servers.js'

export interface Scenario {
  /** Unique; also the `s` query parameter, so Chromium's preflight and HTTP caches never reuse an answer. */
  id: string
  url: string
  method: string
  headers: HeaderPair[]
  credentials: boolean
}

/** The fetch() calls every target gets. */
export const REQUESTS: Record<string, Omit<Scenario, 'id' | 'url'>> = {
  get: { method: 'GET', headers: [], credentials: false },
  'put-json': { method: 'PUT', headers: [['Content-Type', 'application/json']], credentials: false },
  'custom-header': { method: 'GET', headers: [['X-Custom', '1']], credentials: false },
  authorization: { method: 'GET', headers: [['Authorization', 'Bearer t']], credentials: false },
  credentials: { method: 'GET', headers: [], credentials: true },
  'credentials-put-authorization': {
    method: 'PUT',
    headers: [
      ['Content-Type', 'application/json'],
      ['Authorization', 'Bearer t'],
    ],
    credentials: true,
  },
  'lowercase-patch': { method: 'patch', headers: [['Content-Type', 'application/json']], credentials: false },
  'text-plain-post': { method: 'POST', headers: [['Content-Type', 'text/plain;charset=UTF-8']], credentials: false },
}

function withId(url: string, id: string): string {
  const u = new URL(url)
  u.searchParams.set('s', id)
  return u.href
}

/** Every scenario for these servers. */
export function scenarios(s: Servers): Scenario[] {
  const targets: Record<string, string> = {
    corsa: `${s.corsa}/data`,
    'corsa-public': `${s.corsaPublic}/data`,
    cors: `${s.cors}/data`,
    hono: `${s.hono}/data`,
    'star-credentials': `${s.mistakes}/star-credentials`,
    'two-origins': `${s.mistakes}/two-origins`,
    'trailing-slash': `${s.mistakes}/trailing-slash`,
    'preflight-401': `${s.mistakes}/preflight-401`,
    'preflight-404': `${s.mistakes}/preflight-404`,
    'preflight-redirect': `${s.mistakes}/preflight-redirect`,
    'upper-methods': `${s.mistakes}/upper-methods`,
    'star-headers': `${s.mistakes}/star-headers`,
    'no-vary': `${s.mistakes}/no-vary`,
    public: `${s.mistakes}/public`,
  }
  const out: Scenario[] = []
  for (const [target, url] of Object.entries(targets)) {
    for (const [name, request] of Object.entries(REQUESTS)) {
      const id = `${target}.${name}`
      out.push({ id, url: withId(url, id), ...request })
    }
  }
  // Redirects: the Origin stays the page's on the same server, becomes null across servers.
  const redirect = (base: string, to: string, id: string, status = 302): string => {
    const target = withId(to, id)
    return withId(`${base}/redirect?status=${status}&to=${encodeURIComponent(target)}`, id)
  }
  const get = REQUESTS.get!
  const put = REQUESTS['put-json']!
  const cred = REQUESTS.credentials!
  const add = (id: string, url: string, request: Omit<Scenario, 'id' | 'url'>): void => void out.push({ id, url, ...request })
  add('redirect.same-server', redirect(s.corsa, `${s.corsa}/data`, 'redirect.same-server'), get)
  add('redirect.same-server-credentials', redirect(s.corsa, `${s.corsa}/data`, 'redirect.same-server-credentials'), cred)
  add('redirect.cross-server-null-origin', redirect(s.corsa, `${s.cors}/data`, 'redirect.cross-server-null-origin'), get)
  add('redirect.cross-server-to-public', redirect(s.corsa, `${s.mistakes}/public`, 'redirect.cross-server-to-public'), get)
  add('redirect.cross-server-to-public-credentials', redirect(s.corsa, `${s.mistakes}/public`, 'redirect.cross-server-to-public-credentials'), cred)
  add('redirect.put-307-preflights-again', redirect(s.corsa, `${s.corsa}/data`, 'redirect.put-307-preflights-again', 307), put)
  add('redirect.put-307-to-hono', redirect(s.corsa, `${s.hono}/data`, 'redirect.put-307-to-hono', 307), put)
  add('redirect.put-303-becomes-get', redirect(s.corsa, `${s.cors}/data`, 'redirect.put-303-becomes-get', 303), put)
  add('redirect.hono-same-server', redirect(s.hono, `${s.hono}/data`, 'redirect.hono-same-server'), get)
  add(
    'redirect.no-cors-headers-on-3xx',
    withId(`${s.mistakes}/bare-redirect?to=${encodeURIComponent(withId(`${s.mistakes}/public`, 'r'))}`, 'redirect.no-cors-headers-on-3xx'),
    get,
  )
  add(
    'redirect.location-with-credentials',
    withId(
      `${s.mistakes}/cors-redirect?to=${encodeURIComponent(withId(s.mistakes.replace('//', '//user:pass@') + '/public', 'c'))}`,
      'redirect.location-with-credentials',
    ),
    get,
  )
  add('redirect.to-page-origin', redirect(s.corsa, `${s.page}/`, 'redirect.to-page-origin'), get)
  return out
}
