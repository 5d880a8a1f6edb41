/**
 * Local servers for the tests, all on 127.0.0.1 and reached as http://localhost:PORT (another site
 * than the page's http://127.0.0.1:PORT): corsa, the `cors` package on express, `hono/cors` on
 * @hono/node-server, and hand-written node:http servers with the classic mistakes.
 */
import { once } from 'node:events'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve, type ServerType } from '@hono/node-server'
import { withCors } from '@corsa/node'
import cors from 'cors'
import express from 'express'
import { Hono } from 'hono'
import { cors as honoCors } from 'hono/cors'

export interface Servers {
  /** The page's origin: http://127.0.0.1:PORT, serving a blank page at `/`. */
  page: string
  /** corsa (@corsa/node withCors on node:http): the page's origin, credentials, listed headers, maxAge 600. */
  corsa: string
  /** corsa with no options: a public API (`origin: '*'`). */
  corsaPublic: string
  /** The `cors` package on express 5: the page's origin, credentials. */
  cors: string
  /** `hono/cors` on @hono/node-server: the page's origin, credentials, allowHeaders content-type and x-custom. */
  hono: string
  /** Hand-written mistakes, one path each (see {@link MISTAKES}). */
  mistakes: string
  close(): Promise<void>
}

/** The hand-written servers' paths and what each gets wrong. */
export const MISTAKES = {
  '/star-credentials': "'*' with Access-Control-Allow-Credentials: true",
  '/two-origins': 'two Access-Control-Allow-Origin lines',
  '/trailing-slash': 'the origin with a trailing slash',
  '/preflight-401': 'auth before CORS: the preflight gets 401 (with CORS headers)',
  '/preflight-404': 'OPTIONS not routed: the preflight gets 404 without CORS headers',
  '/preflight-redirect': 'the preflight is redirected to a trailing-slash URL',
  '/upper-methods': "Access-Control-Allow-Methods 'GET, POST, PUT, PATCH': no lower-case patch",
  '/star-headers': "Access-Control-Allow-Headers '*' with credentials and Authorization",
  '/no-vary': 'echoes the origin without Vary: Origin, no Max-Age',
  '/public': "'*' everywhere, no credentials",
} as const

async function listen(server: Server | ServerType): Promise<string> {
  if (!server.listening) await once(server, 'listening')
  return `http://localhost:${(server.address() as AddressInfo).port}`
}

function redirectTarget(req: IncomingMessage): string | null {
  return new URL(req.url ?? '/', 'http://x').searchParams.get('to')
}

/** A handler shared by the API servers: `/redirect?to=URL&status=N` redirects, anything else answers JSON. */
function app(req: IncomingMessage, res: ServerResponse): void {
  const to = redirectTarget(req)
  const path = new URL(req.url ?? '/', 'http://x').pathname
  if (path === '/redirect' && to) {
    const status = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('status') ?? 302)
    res.writeHead(status, { Location: to, 'Cache-Control': 'no-store' }).end()
    return
  }
  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', 'Set-Cookie': 'sid=1; Path=/; HttpOnly' })
  res.end(JSON.stringify({ ok: true }))
}

function mistakes(page: string) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://x')
    const path = url.pathname.replace(/\/$/, '') || '/'
    const preflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined
    res.setHeader('Cache-Control', 'no-store')
    const end = (status: number, headers: Record<string, string | string[]> = {}): void => {
      for (const [n, v] of Object.entries(headers)) res.setHeader(n, v)
      res.statusCode = status
      res.end(preflight || status >= 300 ? undefined : '{"ok":true}')
    }
    switch (path) {
      case '/star-credentials':
        return end(preflight ? 204 : 200, {
          'Access-Control-Allow-Origin': '*',
          'Access-Control-Allow-Credentials': 'true',
          'Access-Control-Allow-Methods': '*',
          'Access-Control-Allow-Headers': '*',
        })
      case '/two-origins':
        return end(preflight ? 204 : 200, {
          'Access-Control-Allow-Origin': [page, 'https://admin.example.com'],
          'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE',
          'Access-Control-Allow-Headers': 'content-type, x-custom, authorization',
          'Access-Control-Allow-Credentials': 'true',
        })
      case '/trailing-slash':
        return end(preflight ? 204 : 200, {
          'Access-Control-Allow-Origin': `${page}/`,
          'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE',
          'Access-Control-Allow-Headers': 'content-type, x-custom, authorization',
          'Access-Control-Allow-Credentials': 'true',
          Vary: 'Origin',
        })
      case '/preflight-401': {
        const headers = {
          'Access-Control-Allow-Origin': page,
          'Access-Control-Allow-Credentials': 'true',
          'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE',
          'Access-Control-Allow-Headers': 'content-type, x-custom, authorization',
          Vary: 'Origin',
        }
        return req.headers.authorization || !preflight ? end(preflight ? 204 : 200, headers) : end(401, { ...headers, 'WWW-Authenticate': 'Bearer' })
      }
      case '/preflight-404':
        if (req.method === 'OPTIONS') return end(404)
        return end(200, { 'Access-Control-Allow-Origin': page, 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin' })
      case '/preflight-redirect':
        if (!url.pathname.endsWith('/')) return end(301, { Location: `${url.pathname}/${url.search}` })
        return end(preflight ? 204 : 200, {
          'Access-Control-Allow-Origin': page,
          'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE',
          'Access-Control-Allow-Headers': 'content-type, x-custom, authorization',
          'Access-Control-Allow-Credentials': 'true',
          Vary: 'Origin',
        })
      case '/upper-methods':
        return end(preflight ? 204 : 200, {
          'Access-Control-Allow-Origin': page,
          'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH',
          'Access-Control-Allow-Headers': 'content-type, x-custom, authorization',
          'Access-Control-Allow-Credentials': 'true',
          'Access-Control-Max-Age': '600',
          Vary: 'Origin',
        })
      case '/star-headers':
        return end(preflight ? 204 : 200, {
          'Access-Control-Allow-Origin': page,
          'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, patch',
          'Access-Control-Allow-Headers': '*',
          'Access-Control-Allow-Credentials': 'true',
          'Access-Control-Max-Age': '600',
          Vary: 'Origin',
        })
      case '/no-vary':
        return end(preflight ? 204 : 200, {
          'Access-Control-Allow-Origin': req.headers.origin ?? page,
          'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, patch',
          'Access-Control-Allow-Headers': 'content-type, x-custom, authorization',
          'Access-Control-Allow-Credentials': 'true',
        })
      case '/public':
        return end(preflight ? 204 : 200, {
          'Access-Control-Allow-Origin': '*',
          'Access-Control-Allow-Methods': '*',
          'Access-Control-Allow-Headers': '*, authorization',
          'Access-Control-Max-Age': '600',
        })
      case '/bare-redirect':
        return end(302, { Location: redirectTarget(req) ?? '/public' })
      case '/cors-redirect':
        return end(preflight ? 204 : 302, {
          Location: redirectTarget(req) ?? '/public',
          'Access-Control-Allow-Origin': '*',
          'Access-Control-Allow-Methods': '*',
          'Access-Control-Allow-Headers': '*',
        })
      default:
        return end(404)
    }
  }
}

/** Starts every server; the page origin is known first so that the servers can name it. */
export async function startServers(): Promise<Servers> {
  const pageServer = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html', 'Cache-Control': 'no-store' }).end('<!doctype html><title>page</title>')
  }).listen(0, '127.0.0.1')
  await once(pageServer, 'listening')
  const page = `http://127.0.0.1:${(pageServer.address() as AddressInfo).port}`

  const corsaServer = createServer(
    withCors(app, { origin: [page], credentials: true, allowHeaders: ['Content-Type', 'X-Custom', 'Authorization'], maxAge: 600 }),
  ).listen(0, '127.0.0.1')
  const corsaPublicServer = createServer(withCors(app)).listen(0, '127.0.0.1')

  const expressApp = express()
  expressApp.use(cors({ origin: page, credentials: true }))
  expressApp.use((req, res) => app(req, res))
  const corsServer = expressApp.listen(0, '127.0.0.1')

  const hono = new Hono()
  hono.use('*', honoCors({ origin: page, credentials: true, allowHeaders: ['Content-Type', 'X-Custom'] }))
  hono.get('/redirect', (c) => c.redirect(c.req.query('to') ?? '/', 302))
  hono.all('*', (c) => c.json({ ok: true }, 200, { 'Cache-Control': 'no-store' }))
  const honoServer = serve({ fetch: hono.fetch, port: 0, hostname: '127.0.0.1' })

  const mistakesServer = createServer(mistakes(page)).listen(0, '127.0.0.1')

  const all: (Server | ServerType)[] = [pageServer, corsaServer, corsaPublicServer, corsServer, honoServer, mistakesServer]
  const [corsa, corsaPublic, corsUrl, honoUrl, mistakesUrl] = await Promise.all([
    listen(corsaServer),
    listen(corsaPublicServer),
    listen(corsServer),
    listen(honoServer),
    listen(mistakesServer),
  ])
  return {
    page,
    corsa: corsa!,
    corsaPublic: corsaPublic!,
    cors: corsUrl!,
    hono: honoUrl!,
    mistakes: mistakesUrl!,
    async close() {
      await Promise.all(
        all.map(
          (s) =>
            new Promise<void>((resolve) => {
              ;(s as Server).closeAllConnections?.()
              s.close(() => resolve())
            }),
        ),
      )
    },
  }
}
