/**
 * Cross-origin protection (`csrf`) in a face's real runtime: the same few requests, sent over
 * real HTTP/1.1 (with the real `Host`), must get the same answers from every face. The server
 * serves `csrfPolicy()` (csrf-app.ts) as users apply corsa in that framework, with (under the
 * URL's path prefix, if it has one):
 *
 * | route | what the app does |
 * |---|---|
 * | `GET /__hits` | JSON `{ "hits": n }`: how many requests reached the handler (counted after corsa) |
 * | any other method and path | behind corsa: counts the request, answers `200 done` |
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { csrfPolicy } from './csrf-app.js'
import { APP, EVIL } from './fixtures.js'
import { type Reply, send } from './node-http.js'

export { csrfPolicy }

/** A face's csrf proof server, running. */
export interface CsrfServer {
  /** Base URL, `http://127.0.0.1:<port>` or with a path prefix, without a trailing slash. */
  url: string
  stop(): Promise<void> | void
}

/** A form POST as a browser sends it: cookies, a form body, Origin and Sec-Fetch-Site when given. */
function post(base: string, path: string, headers: Record<string, string>): Promise<Reply> {
  return send(base, path, {
    method: 'POST',
    headers: { cookie: 'session=s3cret', 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: 'amount=100',
  })
}

/** Runs the proof against a face's server, started once for the whole describe block. */
export function runCsrfProof(name: string, start: () => Promise<CsrfServer>): void {
  describe(`${name}: cross-origin protection (csrf)`, () => {
    let server: CsrfServer
    beforeAll(async () => {
      server = await start()
    }, 60_000)
    afterAll(async () => {
      await server?.stop()
    })

    const origin = () => new URL(server.url).origin
    const hits = async () => (JSON.parse((await send(server.url, '/__hits')).body) as { hits: number }).hits
    /** Sends a request and says whether it reached the handler. */
    const reached = async (request: () => Promise<Reply>) => {
      const before = await hits()
      const reply = await request()
      return { reply, reached: (await hits()) - before === 1 }
    }

    it('a cross-site POST from a refused origin gets 403 and never reaches the handler', async () => {
      const { reply, reached: ran } = await reached(() => post(server.url, '/transfer', { origin: EVIL, 'sec-fetch-site': 'cross-site' }))
      expect(reply.status).toBe(403)
      expect(reply.body).toMatch(/csrf/)
      expect(reply.cors()).toEqual([])
      expect(ran).toBe(false)
    })

    it('a cross-site POST from an allowed origin reaches the handler and gets its CORS headers', async () => {
      const { reply, reached: ran } = await reached(() => post(server.url, '/transfer', { origin: APP, 'sec-fetch-site': 'cross-site' }))
      expect(reply.status).toBe(200)
      expect(reply.header('access-control-allow-origin')).toBe(APP)
      expect(ran).toBe(true)
    })

    it('a same-origin POST reaches the handler', async () => {
      const { reply, reached: ran } = await reached(() => post(server.url, '/transfer', { origin: origin(), 'sec-fetch-site': 'same-origin' }))
      expect(reply.status).toBe(200)
      expect(ran).toBe(true)
    })

    it('a POST to a bypassed path (/webhooks/*) reaches the handler from a refused origin', async () => {
      const { reply, reached: ran } = await reached(() => post(server.url, '/webhooks/stripe', { origin: EVIL, 'sec-fetch-site': 'cross-site' }))
      expect(reply.status).toBe(200)
      expect(ran).toBe(true)
    })

    it('a curl-like POST (no Origin, no Sec-Fetch-Site) reaches the handler', async () => {
      const { reply, reached: ran } = await reached(() => post(server.url, '/transfer', {}))
      expect(reply.status).toBe(200)
      expect(ran).toBe(true)
    })

    it("an old browser's POST (no Sec-Fetch-Site) whose Origin is the server's own Host reaches the handler", async () => {
      const { reply, reached: ran } = await reached(() => post(server.url, '/transfer', { origin: origin() }))
      expect(reply.status).toBe(200)
      expect(ran).toBe(true)
    })

    it("an old browser's POST (no Sec-Fetch-Site) from a refused origin gets 403", async () => {
      const { reply, reached: ran } = await reached(() => post(server.url, '/transfer', { origin: EVIL }))
      expect(reply.status).toBe(403)
      expect(ran).toBe(false)
    })
  })
}
