// What is specific to itty-router: the docs example in workerd, what corsa fixes in itty's own
// cors(), the options itty users write, and the pair's contract (preflight, corsify).
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { APP } from '@corsa/testkit/fixtures'
import { from, preflight, send } from '@corsa/testkit/node-http'
import { AutoRouter, cors as ittyCors, error, Router } from 'itty-router'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cors, CorsConfigError } from '@corsa/itty'
import { startWorker } from '../../../examples/workers/test/workerd.js'

const EVIL = 'https://evil.test'
const get = (router: { fetch: (r: Request) => Promise<unknown> }, path: string, headers: Record<string, string> = {}, method = 'GET') =>
  router.fetch(new Request(`http://localhost${path}`, { method, headers })) as Promise<Response>

describe('docs/itty.md', () => {
  const docs = readFileSync(new URL('../../../docs/itty.md', import.meta.url), 'utf8')
  it('shows examples/worker.ts verbatim (the Worker served below)', () => {
    expect(docs).toContain(readFileSync(new URL('../examples/worker.ts', import.meta.url), 'utf8'))
  })
})

describe('examples/worker.ts in workerd', () => {
  let worker: Awaited<ReturnType<typeof startWorker>>
  beforeAll(async () => {
    worker = await startWorker(fileURLToPath(new URL('./support/example-worker.ts', import.meta.url)))
  })
  afterAll(() => worker?.stop())

  it('answers the preflight before withAuth: 204, not 401', async () => {
    const r = await send(worker.url, '/api/me', preflight(APP, 'GET', 'authorization'))
    expect(r.status).toBe(204)
    expect(r.header('access-control-allow-origin')).toBe(APP)
    expect(r.header('access-control-allow-headers')).toMatch(/^Content-Type, Authorization/)
  })

  it('gives the 401 of withAuth the CORS headers, so the page can read it', async () => {
    const r = await send(worker.url, '/api/me', from(APP))
    expect(r.status).toBe(401)
    expect(r.header('access-control-allow-origin')).toBe(APP)
    expect(r.header('access-control-allow-credentials')).toBe('true')
  })

  it('keeps the 201 of a route and exposes X-Request-Id', async () => {
    const created = await send(worker.url, '/api/items', { method: 'POST', headers: { Origin: APP, Authorization: 'Bearer x' } })
    expect(created.status).toBe(201)
    const me = await send(worker.url, '/api/me', { headers: { Origin: APP, Authorization: 'Bearer x' } })
    expect(JSON.parse(me.body)).toEqual({ name: 'Ada' })
    expect(me.header('access-control-expose-headers')).toBe('X-Request-Id')
  })

  it('gives other origins no Access-Control-* header', async () => {
    expect((await send(worker.url, '/api/me', from(EVIL))).cors()).toEqual([])
  })
})

describe("what itty's own cors() gets wrong, and corsa does not", () => {
  const policy = { origin: [APP], credentials: true } as const
  const itty = ittyCors({ origin: [APP], credentials: true })
  const corsa = cors(policy)
  const app = (pair: { preflight: (r: Request) => unknown; corsify: (r: Response, q: Request) => unknown }) =>
    AutoRouter({ before: [pair.preflight], finally: [pair.corsify] })
      .get('/created', () => new Response('made', { status: 201 }))
      .get('/vary', () => new Response('v', { headers: { vary: 'Accept-Language' } }))
      .get('/redirect', () => Response.redirect('http://localhost/elsewhere', 302))

  it("itty's corsify turns a 404 into a 200; corsa keeps the 404", async () => {
    expect((await get(app(itty), '/missing', { origin: APP })).status).toBe(200)
    expect((await get(app(corsa), '/missing', { origin: APP })).status).toBe(404)
  })

  it("itty's corsify turns a 201 into a 200; corsa keeps the 201", async () => {
    expect((await get(app(itty), '/created', { origin: APP })).status).toBe(200)
    expect((await get(app(corsa), '/created', { origin: APP })).status).toBe(201)
  })

  it("itty's corsify sends no Vary: Origin; corsa merges it into the route's Vary", async () => {
    expect((await get(app(itty), '/vary', { origin: APP })).headers.get('vary')).toBe('Accept-Language')
    expect((await get(app(corsa), '/vary', { origin: APP })).headers.get('vary')).toBe('Accept-Language, Origin')
  })

  it("itty's corsify turns a redirect into a 200; corsa keeps the 302 and its Location", async () => {
    expect((await get(app(itty), '/redirect', { origin: APP })).status).toBe(200)
    const r = await get(app(corsa), '/redirect', { origin: APP })
    expect(r.status).toBe(302)
    expect(r.headers.get('location')).toBe('http://localhost/elsewhere')
    expect(r.headers.get('access-control-allow-origin')).toBe(APP)
  })

  it("itty's preflight answers any OPTIONS; corsa leaves an OPTIONS without Access-Control-Request-Method to the app", async () => {
    const withOptions = (pair: Parameters<typeof app>[0]) => app(pair).options('/thing', () => new Response('app options'))
    expect(await (await get(withOptions(itty), '/thing', { origin: APP }, 'OPTIONS')).text()).toBe('')
    expect(await (await get(withOptions(corsa), '/thing', { origin: APP }, 'OPTIONS')).text()).toBe('app options')
  })

  it("itty's preflight allows a refused origin's preflight with the method list; corsa sends only Vary", async () => {
    const headers = { origin: EVIL, 'access-control-request-method': 'PUT' }
    // (AutoRouter then adds its own copy: '*, *'.)
    expect((await get(app(itty), '/created', headers, 'OPTIONS')).headers.get('access-control-allow-methods')).toMatch(/^\*/)
    const r = await get(app(corsa), '/created', headers, 'OPTIONS')
    expect([...r.headers.keys()].filter((n) => n.startsWith('access-control-'))).toEqual([])
  })
})

describe('options written for itty', () => {
  it("an origin function in itty's form (returning the origin) allows what it returns", async () => {
    const { preflight: p, corsify: c } = cors({
      origin: (origin: string) => (origin.endsWith('.example.com') ? origin : undefined),
      credentials: true,
    })
    const router = AutoRouter({ before: [p], finally: [c] }).get('/', () => new Response('ok'))
    expect((await get(router, '/', { origin: APP })).headers.get('access-control-allow-origin')).toBe(APP)
    expect((await get(router, '/', { origin: EVIL })).headers.get('access-control-allow-origin')).toBeNull()
  })

  it("itty's origin: true (reflect every origin) is a CorsConfigError that says what to write", () => {
    expect(() => cors({ origin: true as never })).toThrow(CorsConfigError)
    expect(() => cors({ origin: true as never })).toThrow(/every origin/)
  })

  it("itty's allowMethods as a string is a CorsConfigError that says to write a list", () => {
    expect(() => cors({ allowMethods: 'GET,POST' as never })).toThrow(/write allowMethods: \['GET', 'POST'\]/)
  })

  it("itty's origin: '*' with credentials (which reflects every origin) is a CorsConfigError", () => {
    expect(() => cors({ origin: '*', credentials: true } as never)).toThrow(CorsConfigError)
  })
})

describe('the pair', () => {
  it('corsify alone still answers a preflight with corsa’s answer', async () => {
    const { corsify } = cors({ origin: [APP] })
    const router = Router({ finally: [corsify] }).options('*', () => new Response('the app'))
    const r = await get(router, '/', { origin: APP, 'access-control-request-method': 'PUT' }, 'OPTIONS')
    expect(r.status).toBe(204)
    expect(await r.text()).toBe('')
  })

  it('corsify passes anything that is not a Response through', async () => {
    const { corsify } = cors()
    expect(await corsify(undefined, new Request('http://localhost/'))).toBeUndefined()
  })

  it('an error thrown in before (after preflight) reaches catch and gets the CORS headers', async () => {
    const { preflight: p, corsify: c } = cors({ origin: [APP] })
    const router = AutoRouter({
      before: [
        p,
        () => {
          throw new Error('no')
        },
      ],
      finally: [c],
    })
    const r = await get(router, '/', { origin: APP })
    expect(r.status).toBe(500)
    expect(r.headers.get('access-control-allow-origin')).toBe(APP)
  })

  it('csrf refuses a cross-site write before the routes run', async () => {
    let reached = false
    const { preflight: p, corsify: c } = cors({ origin: [APP], csrf: true })
    const router = AutoRouter({ before: [p], finally: [c] }).post('/', () => {
      reached = true
      return new Response('done')
    })
    const r = await get(router, '/', { origin: EVIL, 'sec-fetch-site': 'cross-site' }, 'POST')
    expect(r.status).toBe(403)
    expect(reached).toBe(false)
  })

  it('error() of itty gives its status, kept', async () => {
    const { preflight: p, corsify: c } = cors()
    const router = AutoRouter({ before: [p], finally: [c] }).get('/', () => error(418, 'teapot'))
    const r = await get(router, '/', { origin: EVIL })
    expect(r.status).toBe(418)
    expect(r.headers.get('access-control-allow-origin')).toBe('*')
  })
})
