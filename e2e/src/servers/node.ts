/**
 * `withCors` from `@corsa/node` around plain `node:https` listeners, one per policy, with the
 * application written the Node way (`res.writeHead`, `res.write`, piping an upstream response).
 */
import { withCors } from '@corsa/node'
import http, { type IncomingMessage, type ServerResponse } from 'node:http'
import { DATA_HEADERS, loginCookies, route, SAME_ORIGIN_PAGE, SHARED_CACHE_CONTROL, STREAM_CHUNKS, STREAM_GAP_MS } from '../app.ts'
import type { Recorded } from '../world.ts'
import { listenHttps, recording } from './node-host.ts'
import type { Adapter } from './types.ts'

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => (body += chunk))
    req.on('end', () => resolve(body))
    req.on('error', reject)
  })
}

const json = (res: ServerResponse, status: number, value: unknown, headers: Record<string, string | string[]> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers })
  res.end(JSON.stringify(value))
}

/** The same application as `app.ts`, for Node's `(req, res)`. */
async function nodeApp(req: IncomingMessage, res: ServerResponse, path: string, upstream: string): Promise<void> {
  const url = new URL(req.url ?? '/', `https://${req.headers.host}`)
  switch (path) {
    case '/data': {
      const body = req.method === 'GET' || req.method === 'HEAD' ? '' : await readBody(req)
      return json(
        res,
        200,
        { method: req.method, body, authorization: req.headers.authorization ?? null },
        { ...DATA_HEADERS, 'cache-control': 'no-store' },
      )
    }
    case '/login':
      return json(res, 200, { loggedIn: true }, { 'set-cookie': loginCookies(url.searchParams.get('name') ?? 'sid'), 'cache-control': 'no-store' })
    case '/whoami':
      return json(res, 200, { cookie: req.headers.cookie ?? '' }, { 'cache-control': 'no-store' })
    case '/status': {
      const status = Number(url.searchParams.get('code') ?? 500)
      return json(res, status, { error: `status ${status}` })
    }
    case '/throw':
      throw new Error('the handler failed (expected by the e2e suite)')
    case '/redirect':
      res.writeHead(302, { location: new URL(url.searchParams.get('to') ?? '/', url).href })
      return void res.end()
    case '/proxy':
      return new Promise((resolve, reject) => {
        http
          .get(`${upstream}/upstream`, (up) => {
            res.writeHead(up.statusCode ?? 502, up.headers)
            up.pipe(res)
            up.on('end', resolve)
          })
          .on('error', reject)
      })
    case '/stream': {
      res.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'no-store' })
      for (const [i, chunk] of STREAM_CHUNKS.entries()) {
        if (i) await new Promise((resolve) => setTimeout(resolve, STREAM_GAP_MS))
        res.write(chunk)
      }
      return void res.end()
    }
    case '/cacheable':
      res.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'max-age=600' })
      return void res.end('cacheable body')
    case '/shared':
      res.writeHead(200, { 'content-type': 'text/plain', 'cache-control': SHARED_CACHE_CONTROL })
      return void res.end('shared body')
    case '/page/':
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
      return void res.end(SAME_ORIGIN_PAGE)
    case '/options':
      if (req.method === 'OPTIONS') {
        res.writeHead(200, { allow: 'GET, OPTIONS', 'cache-control': 'no-store' })
        return void res.end('the application answered OPTIONS')
      }
      res.writeHead(405)
      return void res.end('not OPTIONS')
    default:
      return json(res, 404, { error: 'not found' })
  }
}

export const nodeAdapter: Adapter = {
  name: '@corsa/node withCors',
  runtime: () => `Node ${process.versions.node} (node:https)`,
  async start(config) {
    const listeners = new Map(
      Object.entries(config.policies).map(([name, options]) => [
        name,
        withCors((req, res) => nodeApp(req, res, route(new URL(req.url ?? '/', 'https://x').pathname).path, config.upstream), options as never),
      ]),
    )
    const log: Recorded[] = []
    const server = await listenHttps(
      config,
      recording(log, (req, res) => {
        const listener = listeners.get(route(new URL(req.url ?? '/', 'https://x').pathname).policy)
        if (listener) listener(req, res)
        else json(res, 404, { error: 'no such policy' })
      }),
    )
    return { port: server.port, requests: async () => log, close: server.close }
  },
}
