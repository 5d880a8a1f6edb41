/** The conformance routes in Fastify, with corsa registered as users register it. */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Readable } from 'node:stream'
import Fastify, { type FastifyInstance } from 'fastify'
import { APP, suitePolicy } from '@corsa/testkit/fixtures'
import cors, { type FastifyCorsOptions } from '@corsa/fastify'
import type { ConformanceApp, ConformanceServer as Started } from '@corsa/testkit/conformance'

/** The routes of the contract; `hits` counts requests that reached them. */
export function routes(app: FastifyInstance): void {
  let hits = 0
  app.get('/__hits', async () => ({ hits }))
  app.addHook('preHandler', async (request) => {
    if (request.url !== '/__hits') hits++
  })
  app.get('/ok', async () => 'ok')
  app.options('/ok', async () => 'app options')
  app.get<{ Params: { n: string } }>('/status/:n', async (request, reply) => {
    const n = Number(request.params.n)
    return reply.code(n).send(n === 204 || n === 304 ? undefined : 'status')
  })
  app.get('/throw', async () => {
    throw new Error('boom')
  })
  app.get('/redirect', async (_request, reply) => reply.redirect('/ok'))
  app.get('/stream', async (_request, reply) => {
    async function* chunks() {
      yield 'a'
      yield 'b'
      await new Promise((resolve) => setTimeout(resolve, 20))
      yield 'c'
    }
    return reply.type('text/plain').send(Readable.from(chunks()))
  })
  app.get('/cookies', async (_request, reply) => reply.header('set-cookie', ['a=1; Path=/', 'b=2; Path=/']).send('cookies'))
  app.get('/vary-before', async () => 'vary')
  app.get('/vary-after', async (_request, reply) => reply.header('vary', 'Accept-Language').send('vary'))
  app.get('/vary-star', async (_request, reply) => reply.header('vary', '*').send('vary'))
  app.get('/own-cors', async (_request, reply) =>
    reply
      .headers({
        'access-control-allow-origin': '*',
        'access-control-allow-credentials': 'false',
        'access-control-allow-methods': 'DELETE',
        'access-control-max-age': '5',
        'access-control-expose-headers': 'X-Secret',
      })
      .send('own'),
  )
}

/** A Fastify app on a server that takes headers up to 4 MB (for the hostile-header tests). */
export function fastify(): FastifyInstance {
  return Fastify({ serverFactory: (handler) => createServer({ maxHeaderSize: 4 * 1024 * 1024 }, handler) })
}

/** Listens on 127.0.0.1 and returns the base URL. */
export async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' })
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
}

/** Vary: Accept-Encoding set by an onRequest hook registered before corsa. */
function varyBefore(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    if (request.url === '/vary-before') reply.header('vary', 'Accept-Encoding')
  })
}

async function build(kind: ConformanceApp): Promise<FastifyInstance> {
  const app = fastify()
  varyBefore(app)
  if (kind === 'open') await app.register(cors)
  else if (kind === 'predicate') {
    await app.register(cors, { origin: async (origin, request) => origin === APP && request.url === '/ok' })
  } else {
    await app.register(cors, suitePolicy as FastifyCorsOptions)
    // Nested: the same policy again, inside the plugin scope that holds the routes.
    if (kind === 'twice') {
      await app.register(async (scope) => {
        await scope.register(cors, suitePolicy as FastifyCorsOptions)
        routes(scope)
      })
      return app
    }
  }
  routes(app)
  return app
}

export async function startConformance(): Promise<Started> {
  const kinds: ConformanceApp[] = ['policy', 'twice', 'open', 'predicate']
  const apps = await Promise.all(kinds.map(build))
  const urls = await Promise.all(apps.map(listen))
  return {
    url: (kind) => urls[kinds.indexOf(kind)]!,
    stop: async () => void (await Promise.all(apps.map((app) => app.close()))),
  }
}
