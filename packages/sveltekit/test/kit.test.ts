// What is specific to SvelteKit, against fixture-kit's production build (test/kit-build.ts):
// pages, form actions, cross-origin protection next to SvelteKit's own, and hooks after corsa.
import { APP, EVIL } from '@corsa/testkit/fixtures'
import { from, preflight, send, type Send } from '@corsa/testkit/node-http'
import { describe, expect, inject, it } from 'vitest'

const get = (path: string, init?: Send) => send(inject('kitUrl'), path, init)
/** A form POST as a browser sends it from `origin`. */
const formPost = (path: string, origin: string, body: string, headers: Record<string, string> = {}) =>
  get(path, {
    method: 'POST',
    headers: { origin, 'sec-fetch-site': 'cross-site', accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body,
  })

describe('pages', () => {
  it("answers a preflight to a page before SvelteKit does (SvelteKit's own answer is 204 with Allow and no CORS)", async () => {
    const r = await get('/policy/private', preflight(APP, 'GET', 'x-custom'))
    expect(r.status).toBe(204)
    expect(r.header('access-control-allow-origin')).toBe(APP)
    expect(r.header('allow')).toBeUndefined()
  })

  it("gives the error page of a load function's error(401) the CORS headers", async () => {
    const r = await get('/policy/private', from(APP))
    expect(r.status).toBe(401)
    expect(r.body).toContain('sign in first')
    expect(r.header('access-control-allow-origin')).toBe(APP)
    expect(r.header('vary')).toBe('Origin')
  })
})

describe('form actions (src/routes/csrf/form, behind csrf: true)', () => {
  it('gives the page rendered by a form action from an allowed origin the CORS headers', async () => {
    const r = await formPost('/csrf/form', APP, 'amount=100')
    expect(r.status).toBe(200)
    expect(r.body).toContain('<p id="result">100</p>')
    expect(r.header('access-control-allow-origin')).toBe(APP)
  })

  it("gives use:enhance's JSON answer the CORS headers", async () => {
    const r = await formPost('/csrf/form', APP, 'amount=7', { accept: 'application/json', 'x-sveltekit-action': 'true' })
    expect(JSON.parse(r.body)).toMatchObject({ type: 'success', status: 200 })
    expect(r.header('access-control-allow-origin')).toBe(APP)
  })

  it("gives fail(400)'s answer the CORS headers", async () => {
    const r = await formPost('/csrf/form', APP, 'amount=')
    expect(r.status).toBe(400)
    expect(r.header('access-control-allow-origin')).toBe(APP)
  })

  it("gives an action's redirect(303) the CORS headers and its Location", async () => {
    const r = await formPost('/csrf/form', APP, 'amount=all')
    expect(r.status).toBe(303)
    expect(r.header('location')).toBe('/csrf/form?sent=all')
    expect(r.header('access-control-allow-origin')).toBe(APP)
  })

  it("refuses a cross-site form action from a refused origin with corsa's 403, before the action runs", async () => {
    const r = await formPost('/csrf/form', EVIL, 'amount=all')
    expect(r.status).toBe(403)
    expect(r.body).toMatch(/csrf/)
    expect(r.cors()).toEqual([])
  })

  it("lets the app's own same-origin form action through corsa's check", async () => {
    const r = await formPost('/csrf/form', inject('kitUrl'), 'amount=5', { 'sec-fetch-site': 'same-origin' })
    expect(r.status).toBe(200)
    expect(r.body).toContain('<p id="result">5</p>')
  })
})

describe('hooks after corsa', () => {
  it("an error() thrown by a later hook escapes every hook: SvelteKit's answer has no CORS headers", async () => {
    const r = await get('/thrower/error', from(APP))
    expect(r.status).toBe(401)
    expect(r.cors()).toEqual([])
  })

  it('a redirect() thrown by a later hook escapes every hook: no CORS headers', async () => {
    const r = await get('/thrower/elsewhere', from(APP))
    expect(r.status).toBe(303)
    expect(r.cors()).toEqual([])
  })

  it('a preflight never reaches a later hook, even one that always throws', async () => {
    const r = await get('/thrower/error', preflight(APP, 'GET'))
    expect(r.status).toBe(204)
    expect(r.header('access-control-allow-origin')).toBe(APP)
  })
})
