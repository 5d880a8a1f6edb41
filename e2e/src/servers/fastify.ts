/**
 * The `@corsa/fastify` plugin in Fastify 5, the way docs/fastify.md tells users to scope it: one
 * plugin per policy, prefixed `/<policy>`, that registers corsa, its own 404 handler (so every
 * preflight under the prefix reaches that policy) and the application's routes, written for Fastify.
 */
import cors, { type FastifyCorsOptions } from '@corsa/fastify'
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify'
import http, { type IncomingMessage } from 'node:http'
import https from 'node:https'
import type { AddressInfo } from 'node:net'
import { Readable } from 'node:stream'
import { DATA_HEADERS, loginCookies, SAME_ORIGIN_PAGE, SHARED_CACHE_CONTROL, STREAM_CHUNKS, STREAM_GAP_MS } from '../app.ts'
import type { Recorded } from '../world.ts'
import { recording } from './node-host.ts'
import type { Adapter } from './types.ts'

const JSON_TYPE = { 'content-type': 'application/json' }
/**
 * JSON with `app.ts`'s exact `Content-Type: application/json` (the exposed-headers scenarios read
 * it): Fastify appends `; charset=utf-8` to a JSON type for objects and strings, not for a Buffer.
 */
const json = (reply: FastifyReply, value: unknown) => reply.headers(JSON_TYPE).send(Buffer.from(JSON.stringify(value)))
/** Hop-by-hop headers of the upstream's answer, which Node writes itself. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding'])

function get(url: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => void http.get(url, resolve).on('error', reject))
}

async function* stream(): AsyncGenerator<string> {
  for (const [i, chunk] of STREAM_CHUNKS.entries()) {
    if (i) await new Promise((resolve) => setTimeout(resolve, STREAM_GAP_MS))
    yield chunk
  }
}

/** The same application as `app.ts`, as Fastify routes below a policy's prefix. */
async function routes(api: FastifyInstance, upstream: string): Promise<void> {
  // Bodies as text, whatever their type (the application echoes them as sent).
  api.removeAllContentTypeParsers()
  api.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body))
  api.setNotFoundHandler(async (_request, reply) => json(reply.code(404), { error: 'not found' }))

  api.all('/data', async (request, reply) => {
    reply.headers({ ...DATA_HEADERS, 'cache-control': 'no-store' })
    return json(reply, {
      method: request.method,
      body: typeof request.body === 'string' ? request.body : '',
      authorization: request.headers.authorization ?? null,
    })
  })
  api.get<{ Querystring: { name?: string } }>('/login', async (request, reply) => {
    reply.headers({ 'set-cookie': loginCookies(request.query.name ?? 'sid'), 'cache-control': 'no-store' })
    return json(reply, { loggedIn: true })
  })
  api.get('/whoami', async (request, reply) => {
    reply.header('cache-control', 'no-store')
    return json(reply, { cookie: request.headers.cookie ?? '' })
  })
  api.get<{ Querystring: { code?: string } }>('/status', async (request, reply) => {
    const status = Number(request.query.code ?? 500)
    return json(reply.code(status), { error: `status ${status}` })
  })
  api.get('/throw', async () => {
    throw new Error('the handler failed (expected by the e2e suite)')
  })
  api.get<{ Querystring: { to?: string } }>('/redirect', async (request, reply) =>
    reply.redirect(new URL(request.query.to ?? '/', `${request.protocol}://${request.host}${request.url}`).href, 302),
  )
  api.get('/proxy', async (_request, reply) => {
    const up = await get(`${upstream}/upstream`)
    for (const [name, value] of Object.entries(up.headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) reply.header(name, value)
    return reply.code(up.statusCode ?? 502).send(up)
  })
  api.get('/stream', async (_request, reply) =>
    reply.headers({ 'content-type': 'text/plain', 'cache-control': 'no-store' }).send(Readable.from(stream())),
  )
  api.get('/cacheable', async (_request, reply) =>
    reply.headers({ 'content-type': 'text/plain', 'cache-control': 'max-age=600' }).send('cacheable body'),
  )
  api.get('/shared', async (_request, reply) =>
    reply.headers({ 'content-type': 'text/plain', 'cache-control': SHARED_CACHE_CONTROL }).send('shared body'),
  )
  api.get('/page/', async (_request, reply) =>
    reply.headers({ 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).send(SAME_ORIGIN_PAGE),
  )
  api.all('/options', async (request, reply) =>
    request.method === 'OPTIONS'
      ? reply.headers({ allow: 'GET, OPTIONS', 'cache-control': 'no-store' }).send('the application answered OPTIONS')
      : reply.code(405).send('not OPTIONS'),
  )
}

export const fastifyAdapter: Adapter = {
  name: '@corsa/fastify plugin',
  runtime: () => `Fastify 5 on Node ${process.versions.node} (node:https)`,
  async start(config) {
    const log: Recorded[] = []
    const app = Fastify({
      forceCloseConnections: true,
      serverFactory: (handler) => {
        const server = https.createServer({ key: config.key, cert: config.cert }, recording(log, handler))
        // Keep-alive sockets would hold close() open; the browser opens its own anyway.
        server.keepAliveTimeout = 2_000
        return server
      },
    })
    for (const [name, options] of Object.entries(config.policies)) {
      await app.register(
        async (api) => {
          await api.register(cors, options as FastifyCorsOptions)
          await routes(api, config.upstream)
        },
        { prefix: `/${name}` },
      )
    }
    await app.listen({ port: 0, host: '127.0.0.1' })
    return { port: (app.server.address() as AddressInfo).port, requests: async () => log, close: () => app.close() }
  },
}
