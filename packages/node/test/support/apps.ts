/**
 * The same small app in every Node framework, with corsa applied as users apply it there.
 *
 * Routes (every server):
 *   GET /ok                  200 "ok"
 *   GET /status/:n           status n
 *   GET /throw               the route throws (polka: next(err)); the framework answers 500
 *   GET /next-error          next(err) (plain http: an async listener rejects)
 *   GET /redirect            302 to /ok (express: res.redirect)
 *   GET /stream              res.write('a'), res.write('b'), later res.end('c')
 *   GET /cookies             two Set-Cookie headers
 *   GET /cookies-writehead   two Set-Cookie headers passed to res.writeHead as a flat list
 *   GET /vary-before         a middleware before corsa set Vary: Accept-Encoding
 *   GET /vary-after          the route set Vary: Accept-Language (overwriting corsa's)
 *   GET /vary-star           the route set Vary: *
 *   GET /own-cors            the route set its own Access-Control-* headers
 *   GET /writehead-headers   res.writeHead(200, { Access-Control-Allow-Origin: *, Vary: Accept })
 *   OPTIONS /ok              (not a preflight) the app's own answer: 200 "app options"
 *   anything else            the framework's 404
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http'
import connect from 'connect'
import express4 from 'express4'
import express5 from 'express'
import polka from 'polka'
import { cors, withCors, type NodeCorsOptions, type NodeOriginOption } from '@corsa/node'

export interface Built {
  listener: RequestListener
  /** `METHOD path` of every request that reached the app's routes. */
  hits: string[]
}

export type Factory = (options: NodeCorsOptions<NodeOriginOption>, twice?: boolean) => Built

type Next = (error?: unknown) => void

/** Runs before corsa: the Vary an upstream middleware (compression, say) sets. */
function before(req: IncomingMessage, res: ServerResponse, next: Next): void {
  if (req.url === '/vary-before') res.setHeader('Vary', 'Accept-Encoding')
  next()
}

/** The routes on bare `req`/`res`, for plain http, connect and polka. */
function routes(hits: string[], throws: 'throw' | 'next') {
  return (req: IncomingMessage, res: ServerResponse, next: Next): unknown => {
    const path = req.url!.split('?')[0]!
    const status = /^\/status\/(\d{3})$/.exec(path)
    hits.push(`${req.method} ${path}`)
    if (req.method === 'OPTIONS' && path === '/ok') return res.end('app options')
    if (req.method !== 'GET' && req.method !== 'HEAD') return next()
    if (status) {
      res.statusCode = Number(status[1])
      return res.end(res.statusCode === 204 || res.statusCode === 304 ? undefined : 'status')
    }
    switch (path) {
      case '/ok':
        return res.end('ok')
      case '/throw':
        if (throws === 'next') return next(new Error('boom'))
        throw new Error('boom')
      case '/next-error':
        return next(new Error('boom'))
      case '/redirect':
        res.writeHead(302, { Location: '/ok' })
        return res.end()
      case '/stream':
        res.write('a')
        res.write('b')
        return setTimeout(() => res.end('c'), 20)
      case '/cookies':
        res.setHeader('Set-Cookie', ['a=1; Path=/', 'b=2; Path=/'])
        return res.end('cookies')
      case '/cookies-writehead':
        res.writeHead(200, ['Set-Cookie', 'a=1; Path=/', 'Set-Cookie', 'b=2; Path=/'])
        return res.end('cookies')
      case '/vary-before':
        return res.end('vary')
      case '/vary-after':
        res.setHeader('Vary', 'Accept-Language')
        return res.end('vary')
      case '/vary-star':
        res.setHeader('Vary', '*')
        return res.end('vary')
      case '/own-cors':
        res.setHeader('Access-Control-Allow-Origin', '*')
        res.setHeader('Access-Control-Allow-Credentials', 'false')
        res.setHeader('Access-Control-Allow-Methods', 'DELETE')
        res.setHeader('Access-Control-Max-Age', '5')
        res.setHeader('Access-Control-Expose-Headers', 'X-Secret')
        return res.end('own')
      case '/writehead-headers':
        res.writeHead(200, { 'Access-Control-Allow-Origin': '*', Vary: 'Accept' })
        return res.end('head')
    }
    return next()
  }
}

/** Plain `http.createServer(withCors(listener, options))`; the listener is async. */
export const plainHttp: Factory = (options, twice) => {
  const hits: string[] = []
  const route = routes(hits, 'throw')
  const listener = async (req: IncomingMessage, res: ServerResponse) => {
    await new Promise<void>((resolve, reject) =>
      route(req, res, (error) => {
        if (error) return reject(error)
        res.statusCode = 404
        res.end('not found')
        resolve()
      }),
    )
  }
  let wrapped: RequestListener = withCors(listener, options)
  if (twice) wrapped = withCors(wrapped, options)
  return { hits, listener: (req, res) => before(req, res, () => wrapped(req, res)) }
}

export const connectApp: Factory = (options, twice) => {
  const hits: string[] = []
  const app = connect()
  app.use(before)
  app.use(cors(options))
  if (twice) app.use(cors(options))
  app.use(routes(hits, 'throw'))
  return { hits, listener: app }
}

export const polkaApp: Factory = (options, twice) => {
  const hits: string[] = []
  const app = polka()
  app.use(before)
  app.use(cors(options))
  if (twice) app.use(cors(options))
  app.use(routes(hits, 'next'))
  return { hits, listener: app.handler }
}

function expressApp(express: typeof express5): Factory {
  return (options, twice) => {
    const hits: string[] = []
    const app = express()
    app.use(before)
    app.use(cors(options))
    if (twice) app.use(cors(options))
    app.use((req, _res, next) => {
      hits.push(`${req.method} ${req.path}`)
      next()
    })
    app.options('/ok', (_req, res) => {
      res.send('app options')
    })
    app.get('/ok', (_req, res) => {
      res.send('ok')
    })
    app.get('/status/:n', (req, res) => {
      res.status(Number(req.params.n)).send('status')
    })
    app.get('/throw', () => {
      throw new Error('boom')
    })
    app.get('/next-error', (_req, _res, next) => next(new Error('boom')))
    app.get('/redirect', (_req, res) => res.redirect('/ok'))
    app.get('/stream', (_req, res) => {
      res.write('a')
      res.write('b')
      setTimeout(() => res.end('c'), 20)
    })
    app.get('/cookies', (_req, res) => {
      res.cookie('a', '1').cookie('b', '2').send('cookies')
    })
    app.get('/cookies-writehead', (_req, res) => {
      res.writeHead(200, ['Set-Cookie', 'a=1; Path=/', 'Set-Cookie', 'b=2; Path=/'])
      res.end('cookies')
    })
    app.get('/vary-before', (_req, res) => {
      res.send('vary')
    })
    app.get('/vary-after', (_req, res) => {
      res.set('Vary', 'Accept-Language').send('vary')
    })
    app.get('/vary-star', (_req, res) => {
      res.set('Vary', '*').send('vary')
    })
    app.get('/own-cors', (_req, res) => {
      res
        .set({
          'Access-Control-Allow-Origin': '*',
          'Access-Control-Allow-Credentials': 'false',
          'Access-Control-Allow-Methods': 'DELETE',
          'Access-Control-Max-Age': '5',
          'Access-Control-Expose-Headers': 'X-Secret',
        })
        .send('own')
    })
    app.get('/writehead-headers', (_req, res) => {
      res.writeHead(200, { 'Access-Control-Allow-Origin': '*', Vary: 'Accept' })
      res.end('head')
    })
    return { hits, listener: app as unknown as RequestListener }
  }
}

// The route code is the same for both; express 4's own types accept corsa too:
express4().use(cors({ origin: 'https://app.example.com' }))
export const express4App = expressApp(express4 as unknown as typeof express5)
export const express5App = expressApp(express5)
