import type { CookieWarning } from '@corsa/core'
import { Hono } from 'hono'
import { expect, test } from 'vitest'
import { cors } from '../src/index.js'

test('cookieWarnings reports a cross-site cookie without SameSite, once per name and cause', async () => {
  const warnings: CookieWarning[] = []
  const app = new Hono()
  app.use(cors({ origin: ['https://app.example.com'], credentials: true, cookieWarnings: (w: CookieWarning) => warnings.push(w) }))
  app.get('/login', (c) => {
    c.header('set-cookie', 'sid=1; Path=/; Secure')
    return c.text('ok')
  })
  for (let i = 0; i < 2; i++) {
    await app.request('https://api.other.com/login', { headers: { origin: 'https://app.example.com', cookie: 'x=1' } })
  }
  expect(warnings.map((w) => [w.name, w.reason])).toEqual([['sid', 'samesite-default-lax']])
})
