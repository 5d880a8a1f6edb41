/** Node plumbing: https servers on 127.0.0.1:0 with a recorder in front of the application. */
import http, { type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http'
import https from 'node:https'
import type { AddressInfo } from 'node:net'
import { UPSTREAM } from '../app.ts'
import type { Recorded } from '../world.ts'

/**
 * `@hono/node-server`'s request listener replaces the global `Request` and `Response` with its own
 * by default. One process serves every Node face of the suite, and itty's and h3's faces must see
 * Node's own classes, as they do in their own servers (a `fetch()` result is not an instance of
 * `@hono/node-server`'s `Response`: itty-router would serialise it as `{}`, h3 would fail the
 * request). So the faces served through it keep the globals as they are.
 */
export const NODE_GLOBALS = { overrideGlobalObjects: false } as const

/** A running server and how to stop it. */
export interface Running {
  port: number
  close(): Promise<void>
}

/** The raw response head Node wrote (`res._header`), as lower-case names; duplicates joined with `, `. */
function sentHeaders(res: ServerResponse): Record<string, string> {
  const head: unknown = (res as unknown as { _header?: unknown })._header
  const headers: Record<string, string> = {}
  for (const line of typeof head === 'string' ? head.split('\r\n').slice(1) : []) {
    const colon = line.indexOf(':')
    if (colon <= 0) continue
    const name = line.slice(0, colon).trim().toLowerCase()
    const value = line.slice(colon + 1).trim()
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value
  }
  return headers
}

export function requestHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(req.headersDistinct)) if (value) headers[name] = value.join(', ')
  return headers
}

/** Records every request and the response that went on the wire, outside whatever handles it. */
export function recording(log: Recorded[], listener: RequestListener): RequestListener {
  return (req, res) => {
    const entry: Recorded = {
      host: req.headers.host ?? '',
      method: req.method ?? '',
      url: req.url ?? '',
      headers: requestHeaders(req),
      status: 0,
      responseHeaders: {},
    }
    log.push(entry)
    res.on('finish', () => {
      entry.status = res.statusCode
      entry.responseHeaders = sentHeaders(res)
    })
    listener(req, res)
  }
}

function listen(server: http.Server): Promise<Running> {
  // Keep-alive sockets would hold close() open; the browser opens its own anyway.
  server.keepAliveTimeout = 2_000
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done())
            server.closeAllConnections()
          }),
      })
    })
  })
}

export function listenHttps(tls: { key: string; cert: string }, listener: RequestListener): Promise<Running> {
  return listen(https.createServer({ key: tls.key, cert: tls.cert }, listener))
}

export function listenHttp(listener: RequestListener): Promise<Running> {
  return listen(http.createServer(listener))
}

const BLANK = '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>corsa e2e page</title>'

/**
 * Controls, without corsa: a server that answers every preflight with `Access-Control-Allow-Headers: *`
 * (and methods `*`) and echoes the origin, to show what Chromium does with the answer corsa avoids.
 */
const controlListener: RequestListener = (req, res) => {
  const origin = req.headers.origin ?? '*'
  if (req.method === 'OPTIONS') {
    res.writeHead(204, { 'access-control-allow-origin': origin, 'access-control-allow-methods': '*', 'access-control-allow-headers': '*' })
    return void res.end()
  }
  res.writeHead(200, { 'access-control-allow-origin': origin, 'content-type': 'text/plain', 'cache-control': 'no-store' })
  res.end('control')
}

/** Pages for any host: `/` is blank; `/sandboxed` holds a sandboxed iframe (opaque origin, `Origin: null`). */
export const pageListener: RequestListener = (req, res) => {
  if (req.url?.startsWith('/control/')) return controlListener(req, res)
  const html = (body: string) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
    res.end(body)
  }
  if (req.url === '/sandboxed') html(`${BLANK}<iframe sandbox="allow-scripts" src="/inner"></iframe>`)
  else html(BLANK)
}

/** The upstream of `/proxy`. */
export const upstreamListener: RequestListener = (_req, res) => {
  res.writeHead(UPSTREAM.status, UPSTREAM.headers)
  res.end(UPSTREAM.body)
}
