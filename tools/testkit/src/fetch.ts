/**
 * Small HTTP helpers over Node's `fetch` for a server under test, and an upstream server for
 * `fetch()` pass-through. They only ever talk to 127.0.0.1.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** A plain HTTP request (redirects not followed), bounded to 10 s. */
export function send(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Response> {
  return fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(10000) })
}

/** A GET with an `Origin` (when given) and any other headers, through {@link send}. */
export function sendFrom(url: string, origin?: string, headers: Record<string, string> = {}): Promise<Response> {
  return send(url, { headers: origin ? { origin, ...headers } : headers })
}

/** A browser-shaped preflight. */
export function preflight(url: string, origin: string, method = 'PUT', requestHeaders?: string): Promise<Response> {
  const headers: Record<string, string> = { origin, 'access-control-request-method': method }
  if (requestHeaders !== undefined) headers['access-control-request-headers'] = requestHeaders
  return send(url, { method: 'OPTIONS', headers })
}

/** The response's `Access-Control-*` and `Vary` fields as a plain object. */
export function corsHeaders(response: Response): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of response.headers) if (name.startsWith('access-control-') || name === 'vary') out[name] = value
  return out
}

/** Reads what is left of a body, decoded as text. */
export async function readRest(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<string> {
  let rest = ''
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += new TextDecoder().decode(chunk.value)
  return rest
}

export interface Upstream {
  url: string
  close(): Promise<void>
}

/**
 * An upstream server on 127.0.0.1 for `fetch()` pass-through: `GET /upstream` answers 203 with
 * its own headers (an `access-control-allow-origin` that corsa must replace) and a body.
 */
export async function startUpstream(): Promise<Upstream> {
  const server: Server = createServer((req, res) => {
    res.writeHead(203, 'Upstream Says Hi', {
      'content-type': 'text/plain',
      'x-upstream': 'yes',
      'access-control-allow-origin': 'https://stale.example.org',
      vary: 'Accept-Encoding',
    })
    res.end(`upstream body for ${req.url}`)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/upstream`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
