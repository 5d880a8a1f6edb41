import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { CookieWarning } from '@corsa/core'
import { expect, test } from 'vitest'
import { withCors } from '../src/index.js'

test('cookieWarnings reports a cookie that browsers drop, once per name and cause, with the head as written', async () => {
  const warnings: CookieWarning[] = []
  const server = createServer(
    withCors(
      (_req, res) => {
        // Passed to writeHead itself, not set before: corsa still sees it.
        res.writeHead(200, { 'set-cookie': ['sid=1; Path=/; Secure', 'ok=1; Path=/; Secure; SameSite=Lax'] })
        res.end('ok')
      },
      { origin: ['https://app.example.com'], credentials: true, cookieWarnings: (w) => warnings.push(w) },
    ),
  )
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/login`
  try {
    for (let i = 0; i < 2; i++) await (await fetch(url, { headers: { origin: 'https://app.example.com', cookie: 'x=1' } })).text()
  } finally {
    server.close()
  }
  // http://127.0.0.1 is another site than https://app.example.com, and plain http: Secure fails first.
  expect(warnings.map((w) => [w.name, w.reason])).toEqual([
    ['sid', 'secure-over-http'],
    ['ok', 'secure-over-http'],
  ])
  expect(warnings[0]!.url).toBe(url)
})
