import { describe, expect, test } from 'vitest'
import { cors, withCors, type CorsPolicy } from '../src/index.js'
import { corsHeaders, preflight, recordingHandler, request } from './helpers.js'

const APP = 'https://app.example.com'
const VARY = 'origin, access-control-request-method, access-control-request-headers'
/** Headers browsers may list by value; corsa always allows them and names them after a configured list. */
const BY_VALUE = 'accept, accept-language, content-language, content-type, range'

/** Why a preflight from an allowed origin gets its answer. */
function reasonOf(policy: CorsPolicy<unknown>, method: string, requestHeaders: string | null = null) {
  return (policy.engine.decide('OPTIONS', APP, method, requestHeaders, undefined as never) as { reason: string }).reason
}

describe('preflight detection (design 1)', () => {
  test('a preflight is answered by corsa and never reaches the handler', async () => {
    const { calls, handler } = recordingHandler(401)
    const res = (await withCors(handler, { origin: APP })(preflight(APP))) as Response
    expect(res.status).toBe(204)
    expect(calls).toHaveLength(0)
  })

  test('an OPTIONS request without Access-Control-Request-Method reaches the handler', async () => {
    const { calls, handler } = recordingHandler(200, { allow: 'GET, OPTIONS' })
    const res = (await withCors(handler, { origin: APP })(request(APP, { method: 'OPTIONS' }))) as Response
    expect(calls).toHaveLength(1)
    expect(res.headers.get('allow')).toBe('GET, OPTIONS')
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
  })

  test('an OPTIONS request with Access-Control-Request-Method but no Origin reaches the handler', async () => {
    const { calls, handler } = recordingHandler()
    const req = request(undefined, { method: 'OPTIONS', headers: { 'access-control-request-method': 'PUT' } })
    await withCors(handler, { origin: APP })(req)
    expect(calls).toHaveLength(1)
  })

  test('the pure face returns a Response for a preflight and Headers for an actual request', () => {
    const policy = cors({ origin: APP })
    expect(policy(preflight(APP))).toBeInstanceOf(Response)
    expect(policy(request(APP))).toBeInstanceOf(Headers)
  })
})

describe('allowed preflight (design 2)', () => {
  const policy = cors({ origin: APP, credentials: true, allowHeaders: ['Content-Type', 'X-Api-Key'], maxAge: 600 })

  test('it answers 204 with an empty body by default', async () => {
    const res = policy(preflight(APP)) as Response
    expect(res.status).toBe(204)
    expect(await res.text()).toBe('')
  })

  test('preflightStatus sets the status of a successful preflight', () => {
    expect((cors({ origin: APP, preflightStatus: 200 })(preflight(APP)) as Response).status).toBe(200)
  })

  test('it echoes the request origin byte for byte and allows credentials', () => {
    const h = corsHeaders(policy(preflight(APP, 'PUT', 'content-type')) as Response)
    expect(h['access-control-allow-origin']).toBe(APP)
    expect(h['access-control-allow-credentials']).toBe('true')
  })

  test('it lists the configured methods and headers', () => {
    const h = corsHeaders(policy(preflight(APP, 'PUT', 'content-type,x-api-key')) as Response)
    expect(h['access-control-allow-methods']).toBe('GET, HEAD, PUT, PATCH, POST, DELETE')
    expect(h['access-control-allow-headers']).toBe(`Content-Type, X-Api-Key, ${BY_VALUE.replace('content-type, ', '')}`)
  })

  test('it sends Access-Control-Max-Age only when maxAge is set', () => {
    expect(corsHeaders(policy(preflight(APP)) as Response)['access-control-max-age']).toBe('600')
    expect(corsHeaders(cors({ origin: APP })(preflight(APP)) as Response)['access-control-max-age']).toBeUndefined()
  })

  test('maxAge 0 is sent as 0, which disables the preflight cache', () => {
    expect(corsHeaders(cors({ origin: APP, maxAge: 0 })(preflight(APP)) as Response)['access-control-max-age']).toBe('0')
  })

  test('it varies on Origin, Access-Control-Request-Method and Access-Control-Request-Headers', () => {
    expect(corsHeaders(policy(preflight(APP)) as Response).vary).toBe(VARY)
  })

  test('a pure * policy answers Access-Control-Allow-Origin: * without credentials', () => {
    const h = corsHeaders(cors()(preflight('https://anyone.test')) as Response)
    expect(h['access-control-allow-origin']).toBe('*')
    expect(h['access-control-allow-credentials']).toBeUndefined()
  })

  test('a preflight for a URL with a query string is answered like any other', () => {
    const req = new Request('https://api.example.com/x?page=2', {
      method: 'OPTIONS',
      headers: { origin: APP, 'access-control-request-method': 'PUT' },
    })
    expect(corsHeaders(policy(req) as Response)['access-control-allow-origin']).toBe(APP)
  })
})

describe('preflight refused by method or header (design 3)', () => {
  const policy = cors({ origin: APP, allowMethods: ['GET', 'PUT'], allowHeaders: ['X-Api-Key'], maxAge: 600 })

  test('a method that is not allowed keeps the origin and the configured lists, so the browser names the method', () => {
    const res = policy(preflight(APP, 'DELETE')) as Response
    const h = corsHeaders(res)
    expect(res.status).toBe(204)
    expect(h['access-control-allow-origin']).toBe(APP)
    expect(h['access-control-allow-methods']).toBe('GET, PUT')
    expect(h['access-control-allow-headers']).toBe(`X-Api-Key, ${BY_VALUE}`)
  })

  test('a header that is not allowed keeps the origin and the configured lists, so the browser names the header', () => {
    const h = corsHeaders(policy(preflight(APP, 'PUT', 'x-api-key,x-other')) as Response)
    expect(h['access-control-allow-origin']).toBe(APP)
    expect(h['access-control-allow-headers']).toBe(`X-Api-Key, ${BY_VALUE}`)
  })

  test('a refused preflight sends no Access-Control-Max-Age', () => {
    expect(corsHeaders(policy(preflight(APP, 'DELETE')) as Response)['access-control-max-age']).toBeUndefined()
  })

  test('GET, HEAD and POST pass the method check whatever allowMethods says, as browsers let them', () => {
    const p = cors({ origin: APP, allowMethods: ['PUT'] })
    for (const m of ['GET', 'HEAD', 'POST']) expect(reasonOf(p, m)).toBe('preflight-allowed')
  })

  test('headers browsers may ask for by value (content-type, accept, range...) are allowed and listed', () => {
    const res = policy(preflight(APP, 'PUT', 'accept,content-type,range,x-api-key')) as Response
    expect(corsHeaders(res)['access-control-allow-headers']).toBe(`X-Api-Key, ${BY_VALUE}`)
    expect(corsHeaders(res)['access-control-max-age']).toBe('600')
    expect(reasonOf(policy, 'PUT', 'accept,content-type,range,x-api-key')).toBe('preflight-allowed')
  })

  test('requested header names are matched case-insensitively and tolerate spaces, duplicates and empty elements', () => {
    expect(reasonOf(policy, 'PUT', ' X-API-KEY , ,x-api-key,')).toBe('preflight-allowed')
  })
})

describe('preflight from a refused origin (design 4)', () => {
  test('it gets the same status and no Access-Control-* headers, only Vary', () => {
    const res = cors({ origin: APP, maxAge: 600 })(preflight('https://evil.test')) as Response
    expect(res.status).toBe(204)
    expect(corsHeaders(res)).toEqual({ vary: VARY })
  })

  test('the handler never sees it either', async () => {
    const { calls, handler } = recordingHandler()
    await withCors(handler, { origin: APP })(preflight('https://evil.test'))
    expect(calls).toHaveLength(0)
  })
})

describe('wildcards in preflights', () => {
  test("allowHeaders '*' answers '*' without credentials", () => {
    expect(corsHeaders(cors({ origin: APP })(preflight(APP, 'PUT', 'x-a')) as Response)['access-control-allow-headers']).toBe('*')
  })

  test("allowHeaders '*' sends the requested names back when Authorization is asked for, since '*' never covers it", () => {
    const h = corsHeaders(cors({ origin: APP })(preflight(APP, 'PUT', 'authorization,x-a')) as Response)
    expect(h['access-control-allow-headers']).toBe('authorization, x-a')
  })

  test("allowHeaders '*' sends the requested names back with credentials, where '*' is literal", () => {
    const h = corsHeaders(cors({ origin: APP, credentials: true })(preflight(APP, 'PUT', 'x-a,x-b')) as Response)
    expect(h['access-control-allow-headers']).toBe('x-a, x-b')
  })

  test("allowMethods '*' answers '*' without credentials", () => {
    const h = corsHeaders(cors({ origin: APP, allowMethods: '*' })(preflight(APP, 'PROPFIND')) as Response)
    expect(h['access-control-allow-methods']).toBe('*')
  })

  test("allowMethods '*' sends the requested method back with credentials, where '*' is literal", () => {
    const h = corsHeaders(cors({ origin: APP, allowMethods: '*', credentials: true })(preflight(APP, 'PROPFIND')) as Response)
    expect(h['access-control-allow-methods']).toBe('PROPFIND')
  })

  test('no wildcard value is ever sent together with credentials', () => {
    const p = cors({ origin: APP, allowMethods: '*', allowHeaders: '*', exposeHeaders: '*', credentials: true })
    const h = corsHeaders(p(preflight(APP, 'PUT', 'authorization')) as Response)
    expect(Object.values(h)).not.toContain('*')
  })
})

describe('methods (design 12)', () => {
  test('methods are compared byte for byte: patch is refused by PATCH', () => {
    expect(reasonOf(cors({ origin: APP }), 'patch')).toBe('method-not-allowed')
  })

  test('the six methods browsers upper-case are upper-cased in the configuration', () => {
    const p = cors({ origin: APP, allowMethods: ['get', 'put', 'Delete'] })
    expect(p.engine.config.allowMethods).toEqual(['GET', 'PUT', 'DELETE'])
    expect(reasonOf(p, 'PUT')).toBe('preflight-allowed')
  })

  test('any other method keeps its case as written', () => {
    const p = cors({ origin: APP, allowMethods: ['propfind', 'PATCH'] })
    expect(reasonOf(p, 'propfind')).toBe('preflight-allowed')
    expect(reasonOf(p, 'PROPFIND')).toBe('method-not-allowed')
  })
})
