/**
 * How corsa gets to write last: its `writeHead` sits once on `http.ServerResponse.prototype`
 * (or on a response whose own `writeHead` someone replaced first), and preflight answers are
 * kept per request. Real servers on 127.0.0.1.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { APP } from '@corsa/testkit/fixtures'
import { from, preflight, type Running, send, serve } from '@corsa/testkit/node-http'
import { cors, withCors } from '@corsa/node'

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

describe('writeHead', () => {
  it('a writeHead an earlier middleware put on the response still runs, and corsa’s headers win', async () => {
    const middleware = cors({ origin: [APP], credentials: true })
    const s = await start((req, res) => {
      // As on-headers (compression, morgan) does: a writeHead of the response's own, before corsa.
      const previous = res.writeHead
      res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
        this.setHeader('x-earlier', 'ran')
        return (previous as (...a: unknown[]) => ServerResponse).apply(this, args)
      } as ServerResponse['writeHead']
      middleware(req, res, () => {
        res.setHeader('Access-Control-Allow-Origin', '*')
        res.setHeader('Vary', 'Accept')
        res.end('ok')
      })
    })
    const r = await send(s.url, '/', from(APP))
    expect(r.header('x-earlier')).toBe('ran')
    expect(r.lines.get('access-control-allow-origin')).toEqual([APP])
    expect(r.lines.get('vary')).toEqual(['Accept, Origin'])
  })

  it('a server without corsa in the same process keeps the headers its app sets', async () => {
    cors({ origin: [APP] })
    const s = await start((_req, res) => {
      res.setHeader('Access-Control-Allow-Origin', '*')
      res.setHeader('Access-Control-Allow-Methods', 'GET')
      res.setHeader('Vary', 'Accept')
      res.end('ok')
    })
    const r = await send(s.url, '/', from(EVIL))
    expect(r.header('access-control-allow-origin')).toBe('*')
    expect(r.header('access-control-allow-methods')).toBe('GET')
    expect(r.lines.get('vary')).toEqual(['Accept'])
  })
})

describe('preflight answers kept per request', () => {
  it('the answer given to one origin is never given to another asking the same', async () => {
    const s = await start(withCors((_req, res) => res.end('app'), { origin: [APP] }))
    const allowed = await send(s.url, '/', preflight(APP, 'PUT', 'x-custom'))
    const refused = await send(s.url, '/', preflight(EVIL, 'PUT', 'x-custom'))
    expect(allowed.header('access-control-allow-origin')).toBe(APP)
    expect(refused.cors()).toEqual([])
  })

  it('the same preflight gets a new answer when the origin predicate decides otherwise', async () => {
    const s = await start(withCors((_req, res) => res.end('app'), { origin: (_origin, req) => req.url === '/open' }))
    const open = await send(s.url, '/open', preflight(APP, 'PUT', 'x-custom'))
    const closed = await send(s.url, '/closed', preflight(APP, 'PUT', 'x-custom'))
    const again = await send(s.url, '/open', preflight(APP, 'PUT', 'x-custom'))
    expect(open.header('access-control-allow-origin')).toBe(APP)
    expect(closed.cors()).toEqual([])
    expect(again.header('access-control-allow-origin')).toBe(APP)
  })
})
