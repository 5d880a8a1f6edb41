/** Host names, origins and policies shared by the runner, the servers and the scenarios. */

/** Every host the suite serves; Chromium maps them all to 127.0.0.1. */
export const HOSTS = [
  'app.test',
  'other.test',
  'api.test',
  'api2.test',
  'example.test',
  'app.example.test',
  'www.example.test',
  'api.example.test',
  'evil-example.test',
  'example.test.evil.test',
  // Plain-http pages and APIs on localhost (scenarios-cookies.ts); Chromium resolves it itself.
  'localhost',
] as const

/** `--host-resolver-rules` that send every test host to 127.0.0.1 and nothing else anywhere. */
export const HOST_RESOLVER_RULES = 'MAP *.test 127.0.0.1, MAP *.example.test 127.0.0.1, MAP *.evil.test 127.0.0.1, EXCLUDE localhost'

/** Ports of the servers that pages come from. */
export interface PagePorts {
  /** https pages, first port. */
  https: number
  /** https pages, second port (port patterns). */
  https2: number
  /** plain http pages (scheme lookalikes). */
  http: number
}

/** Where each test page lives: the origin that the API sees. */
export function pageOrigins(p: PagePorts) {
  return {
    app: `https://app.test:${p.https}`,
    app2: `https://app.test:${p.https2}`,
    other: `https://other.test:${p.https}`,
    site: `https://app.example.test:${p.https}`,
    www: `https://www.example.test:${p.https}`,
    bare: `https://example.test:${p.https}`,
    dash: `https://evil-example.test:${p.https}`,
    suffix: `https://example.test.evil.test:${p.https}`,
    plain: `http://app.example.test:${p.http}`,
  }
}
export type PageOrigins = ReturnType<typeof pageOrigins>
export type PageKey = keyof PageOrigins

/** API hosts: all served by the same server (one port per adapter). */
export type ApiHost = 'api.test' | 'api2.test' | 'api.example.test'

/** Policy options as plain JSON, so that Bun and Deno servers in other processes get the same ones. */
export interface PolicyOptions {
  origin?: string | string[]
  credentials?: boolean
  allowMethods?: string[] | '*'
  allowHeaders?: string[] | '*'
  exposeHeaders?: string[] | '*'
  maxAge?: number
  preflightStatus?: number
  csrf?: boolean | { bypass?: string[] }
}

/** The policies every adapter serves, each under `/<name>/`. */
export function policies(o: PageOrigins) {
  const all = {
    /** withCors(handler) with no options: a public, non-credentialed API. */
    public: {},
    list: { origin: [o.app, o.site] },
    strict: { origin: [o.app], allowMethods: ['GET', 'POST', 'PUT'], allowHeaders: ['X-Token'] },
    'auth-list': { origin: [o.app], allowHeaders: ['Authorization', 'X-Token'] },
    creds: { origin: [o.app, o.site], credentials: true },
    'expose-list': { origin: [o.app], exposeHeaders: ['X-Request-Id'] },
    'expose-star': { origin: [o.app], exposeHeaders: '*' },
    'expose-star-creds': { origin: [o.app], credentials: true, exposeHeaders: '*' },
    'max-age-600': { origin: [o.app], maxAge: 600 },
    'max-age-0': { origin: [o.app], maxAge: 0 },
    'status-200': { origin: [o.app], preflightStatus: 200 },
    subdomains: { origin: ['https://*.example.test:*'] },
    ports: { origin: ['https://app.test:*'] },
    'null-listed': { origin: ['null', o.app] },
    'app-options': { origin: [o.app], allowMethods: ['GET', 'OPTIONS'] },
    /** Cross-origin protection (scenarios-csrf.ts): app and app.example.test may write; /csrf/webhooks/* skips the check. */
    csrf: { origin: [o.app, o.site], credentials: true, csrf: { bypass: ['/csrf/webhooks/*'] } },
  } satisfies Record<string, PolicyOptions>
  return all as Record<keyof typeof all, PolicyOptions>
}
export type Policies = ReturnType<typeof policies>
export type PolicyName = keyof Policies

/** What a server saw: one request and the response it sent, as recorded outside corsa. */
export interface Recorded {
  host: string
  method: string
  /** Path and query. */
  url: string
  /** Request headers, lower-case names. */
  headers: Record<string, string>
  status: number
  /** Response headers, lower-case names. */
  responseHeaders: Record<string, string>
}

/** What every API server gets to know at start. */
export interface ServerConfig {
  policies: Record<string, PolicyOptions>
  /** A plain http server on 127.0.0.1 that `/proxy` fetches from. */
  upstream: string
  key: string
  cert: string
}
