/**
 * Issue 10 in `@corsa/node`: configuration mistakes are refused as in every face, and no
 * request, however late or odd, crashes the process or loses the response. Real servers on 127.0.0.1.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { APP } from '@corsa/testkit/fixtures'
import { from, preflight, type Running, send, serve } from '@corsa/testkit/node-http'
import { cors, CorsConfigError, withCors } from '@corsa/node'

const EVIL = 'https://evil.test'

let servers: Running[] = []
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()))
  servers = []
})
const start = async (listener: (req: IncomingMessage, res: ServerResponse) => void) => {
  const s = await serve(listener)
  servers.push(s)
  return s
}

describe('configuration mistakes are CorsConfigError in @corsa/node too', () => {
  it('a misspelled allow-list (origins) is refused, naming origin', () => {
    expect(() => cors({ origins: [APP] } as never)).toThrow(CorsConfigError)
    expect(() => cors({ origins: [APP] } as never)).toThrow('write origin')
  })

  it("the cors package's names get the write-X-instead message from withCors as well", () => {
    expect(() => withCors(() => {}, { methods: ['GET'] } as never)).toThrow('write allowMethods')
  })

  it("credentials: 'false' is refused, not taken as true", () => {
    expect(() => cors({ origin: [APP], credentials: 'false' } as never)).toThrow(CorsConfigError)
  })
})

describe('a late decision does nothing to a finished response', () => {
  /** An async predicate that answers after `ms`, while a timeout middleware answers 503 first. */
  const slow = (ms: number) => cors({ origin: (origin: string) => new Promise<boolean>((resolve) => setTimeout(() => resolve(origin === APP), ms)) })
  const timedOut = (middleware: ReturnType<typeof cors>, next: () => void) => (req: IncomingMessage, res: ServerResponse) => {
    setTimeout(() => {
      res.statusCode = 503
      res.end('timeout')
    }, 10)
    middleware(req, res, next)
  }

  it('an actual request answered 503 by a timeout before the predicate settles: no crash, next() never called', async () => {
    const next = vi.fn()
    const s = await start(timedOut(slow(60), next))
    const r = await send(s.url, '/x', from(APP))
    expect(r.status).toBe(503)
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(next).not.toHaveBeenCalled()
    // The server still answers: the process did not crash.
    expect((await send(s.url, '/x', from(APP))).status).toBe(503)
  })

  it('a preflight answered 503 by a timeout before the predicate settles: no crash, no second answer', async () => {
    const next = vi.fn()
    const s = await start(timedOut(slow(60), next))
    const r = await send(s.url, '/x', preflight(APP, 'PUT'))
    expect(r.status).toBe(503)
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(next).not.toHaveBeenCalled()
  })
})

describe('writeHead behaves as without corsa', () => {
  it('headers as [name, value] pairs are sent, Set-Cookie twice, with corsa’s headers', async () => {
    const s = await start(
      withCors(
        (_req, res) => {
          res.writeHead(200, [
            ['x-id', '1'],
            ['set-cookie', 'a=1'],
            ['set-cookie', 'b=2'],
          ] as never)
          res.end('ok')
        },
        { origin: [APP] },
      ),
    )
    const r = await send(s.url, '/x', from(APP))
    expect(r.status).toBe(200)
    expect(r.header('x-id')).toBe('1')
    expect(r.lines.get('set-cookie')).toEqual(['a=1', 'b=2'])
    expect(r.header('access-control-allow-origin')).toBe(APP)
  })
})

describe('corsa owns every Access-Control-* header', () => {
  for (const [name, origin] of [
    ['allowed', APP],
    ['refused', EVIL],
  ] as const) {
    it(`stray Access-Control-Allow-Private-Network and -Request-Method are removed on ${name} responses`, async () => {
      const s = await start(
        withCors(
          (_req, res) => {
            res.setHeader('access-control-allow-private-network', 'true')
            res.setHeader('access-control-request-method', 'PUT')
            res.end('ok')
          },
          { origin: [APP] },
        ),
      )
      const r = await send(s.url, '/x', from(origin))
      expect(r.header('access-control-allow-private-network')).toBeUndefined()
      expect(r.header('access-control-request-method')).toBeUndefined()
    })
  }
})

describe('a nested, different policy', () => {
  it('is skipped (the first decides) and development mode warns once', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const outer = cors({ origin: [APP] })
    const inner = cors({ origin: [EVIL] })
    const s = await start((req, res) => outer(req, res, () => inner(req, res, () => res.end('ok'))))
    const r = await send(s.url, '/b', from(EVIL))
    await send(s.url, '/b', from(EVIL))
    expect(r.header('access-control-allow-origin')).toBeUndefined()
    expect(warn).toHaveBeenCalledTimes(1)
    expect(String(warn.mock.calls[0]![0])).toContain('second, different policy')
    warn.mockRestore()
  })

  it('the same policy applied twice gives the same headers as once, without a warning', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const policy = cors({ origin: [APP] })
    const s = await start((req, res) => policy(req, res, () => policy(req, res, () => res.end('ok'))))
    const r = await send(s.url, '/b', from(APP))
    expect(r.lines.get('access-control-allow-origin')).toEqual([APP])
    expect(warn).not.toHaveBeenCalled()
    warn.mockRestore()
  })
})

describe('the worst requests cost microseconds', () => {
  it('a preflight with the longest Access-Control-Request-Headers under the cap is answered quickly and refused', async () => {
    const s = await start(withCors((_req, res) => res.end('ok'), { origin: [APP], allowHeaders: ['x-a'] }))
    const many = Array.from({ length: 1300 }, (_, i) => `x${i}`)
      .join(',')
      .slice(0, 4096)
    const r = await send(s.url, '/x', preflight(APP, 'PUT', many))
    expect(r.status).toBe(204)
    expect(r.header('access-control-max-age')).toBeUndefined()
  })
})
