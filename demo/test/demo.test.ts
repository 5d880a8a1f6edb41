import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type Demo, startDemo } from '../src/demo.js'

let demo: Demo
let page: string
beforeAll(async () => {
  demo = await startDemo()
  page = demo.pageUrl
})
afterAll(() => demo.close())

/** A request as the demo page's browser sends it, tagged so that the API records corsa's decision. */
function send(path: string, tag: string, init: RequestInit & { headers?: Record<string, string> } = {}) {
  return fetch(`${demo.apiUrl}${path}?demo=${tag}`, { ...init, headers: { origin: page, ...init.headers } })
}

describe('the demo', () => {
  test('it serves a page on one origin that points at the API on another', async () => {
    const html = await (await fetch(page)).text()
    expect(new URL(page).origin).not.toBe(new URL(demo.apiUrl).origin)
    expect(html).toContain(JSON.stringify(demo.apiUrl))
  })

  test('an allowed GET is readable by the page and explained as allowed', async () => {
    const res = await send('/api/hello', 'a')
    expect(res.headers.get('access-control-allow-origin')).toBe(page)
    expect(demo.decisions.get('a')?.[0]).toMatchObject({ allowed: true, reason: 'origin-allowed' })
  })

  test('a GET to an endpoint for another origin is refused and explained', async () => {
    const res = await send('/api/admin', 'b')
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
    expect(demo.decisions.get('b')?.[0]?.message).toBe(`origin ${page} is not in the allowed list`)
  })

  test('the preflight of a PUT with a JSON body is answered by corsa, then the PUT is served', async () => {
    const pre = await send('/api/items/1', 'c', {
      method: 'OPTIONS',
      headers: { 'access-control-request-method': 'PUT', 'access-control-request-headers': 'content-type' },
    })
    expect(pre.status).toBe(204)
    expect(pre.headers.get('access-control-allow-methods')).toBe('GET, PUT')
    const put = await send('/api/items/1', 'c', { method: 'PUT', body: '{"name":"corsa"}', headers: { 'content-type': 'application/json' } })
    expect(await put.json()).toEqual({ saved: { name: 'corsa' } })
    expect(demo.decisions.get('c')?.map((d) => d.reason)).toEqual(['preflight-allowed', 'origin-allowed'])
  })

  test('a credentialed login sets a cookie that the next credentialed request sends back', async () => {
    const login = await send('/api/login', 'd', { method: 'POST' })
    expect(login.headers.get('access-control-allow-credentials')).toBe('true')
    const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!
    const me = await send('/api/me', 'e', { headers: { cookie } })
    expect(me.status).toBe(200)
    expect(me.headers.get('access-control-allow-origin')).toBe(page)
  })

  test("a login that sets SameSite=None without Secure gets corsa's sentence: Chromium and Firefox drop the cookie", async () => {
    await send('/api/login-wrong', 'g', { method: 'POST' })
    const [cookie] = demo.decisions.get('g')?.[0]?.cookies ?? []
    expect(cookie).toMatchObject({ name: 'demo_session', reason: 'samesite-none-without-secure' })
    expect(cookie?.engines.chromium.outcome).toBe('drop')
    expect(cookie?.message).toContain('write SameSite=None; Secure')
  })

  test('the fixed login (SameSite=Lax between two localhost ports) is stored by every engine', async () => {
    await send('/api/login', 'h', { method: 'POST' })
    expect(demo.decisions.get('h')?.[0]?.cookies?.map((c) => c.reason)).toEqual(['stored'])
  })

  test("the page can fetch corsa's explanation of a request it made", async () => {
    await send('/api/admin', 'f')
    const res = await fetch(`${demo.apiUrl}/api/explain?id=f`, { headers: { origin: page } })
    expect(res.headers.get('access-control-allow-origin')).toBe(page)
    expect((await res.json())[0].reason).toBe('origin-not-allowed')
  })
})
