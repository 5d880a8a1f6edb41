import { describe, expect, test } from 'vitest'
import { cors, explain } from '../src/index.js'
import { preflight, request } from './helpers.js'

const APP = 'https://app.example.com'
const policy = cors({ origin: [APP], allowMethods: ['GET', 'PATCH'], allowHeaders: ['X-Api-Key'] })

describe('explain(policy, request) says why, in a reason code and one sentence', () => {
  test('an allowed actual request', () => {
    expect(explain(policy, request(APP))).toEqual({
      kind: 'actual',
      allowed: true,
      reason: 'origin-allowed',
      message: `origin ${APP} is allowed`,
    })
  })

  test('an origin that is not in the list', () => {
    expect(explain(policy, request('https://x.test'))).toEqual({
      kind: 'actual',
      allowed: false,
      reason: 'origin-not-allowed',
      message: 'origin https://x.test is not in the allowed list',
    })
  })

  test('a request without Origin is not a CORS request', () => {
    const d = explain(policy, request())
    expect(d.reason).toBe('not-cors')
    expect(d.allowed).toBe(false)
    expect(d.message).toContain('no Origin header')
  })

  test('a malformed origin is called invalid, quoted and cut short', () => {
    const d = explain(policy, request(`https://${'a'.repeat(500)}.com`))
    expect(d.reason).toBe('origin-invalid')
    expect(d.message.length).toBeLessThan(200)
  })

  test('the null origin explains that it must be listed', () => {
    expect(explain(policy, request('null')).message).toContain("only when 'null' is listed")
  })

  test('a pure * policy', () => {
    expect(explain(cors(), request(APP))).toEqual({
      kind: 'actual',
      allowed: true,
      reason: 'any-origin',
      message: "any origin may read responses (origin: '*')",
    })
  })

  test('an allowed preflight', () => {
    const d = explain(policy, preflight(APP, 'PATCH', 'x-api-key'))
    expect(d).toEqual({ kind: 'preflight', allowed: true, reason: 'preflight-allowed', message: `origin ${APP} may send PATCH` })
  })

  test('a preflight refused by method names the method and the list', () => {
    const d = explain(policy, preflight(APP, 'DELETE'))
    expect(d.reason).toBe('method-not-allowed')
    expect(d.message).toBe('method DELETE is not in allowMethods (GET, PATCH)')
  })

  test('a lower-case method explains that methods are case-sensitive', () => {
    expect(explain(policy, preflight(APP, 'patch')).message).toContain('methods are case-sensitive and the list has PATCH')
  })

  test('a preflight refused by header names the header', () => {
    const d = explain(policy, preflight(APP, 'GET', 'x-api-key,x-other'))
    expect(d.reason).toBe('header-not-allowed')
    expect(d.message).toBe('request header x-other is not in allowHeaders (X-Api-Key)')
  })

  test('an over-long Access-Control-Request-Headers is explained', () => {
    const d = explain(policy, preflight(APP, 'GET', 'x,'.repeat(3000)))
    expect(d.reason).toBe('header-not-allowed')
    expect(d.message).toContain('in 4096 bytes')
  })

  test('a preflight from a refused origin', () => {
    const d = explain(policy, preflight('https://x.test'))
    expect(d).toEqual({
      kind: 'preflight',
      allowed: false,
      reason: 'origin-not-allowed',
      message: 'origin https://x.test is not in the allowed list',
    })
  })

  test('a request with cookies under a policy without credentials is explained as a credentials refusal', () => {
    const d = explain(policy, request(APP, { headers: { cookie: 'session=1' } }))
    expect(d).toEqual({
      kind: 'actual',
      allowed: false,
      reason: 'credentials-not-allowed',
      message: `the request from ${APP} carries cookies, but credentials are not allowed, so the browser hides the response: set credentials: true and list the origins`,
    })
  })

  test('a request with cookies under a credentialed policy is allowed', () => {
    const d = explain(cors({ origin: [APP], credentials: true }), request(APP, { headers: { cookie: 'session=1' } }))
    expect(d.reason).toBe('origin-allowed')
  })

  test('explain returns a Promise only for an async origin predicate', async () => {
    const asyncPolicy = cors({ origin: async () => false })
    const d = explain(asyncPolicy, request(APP))
    expect(d).toBeInstanceOf(Promise)
    expect((await d).reason).toBe('origin-not-allowed')
  })
})
