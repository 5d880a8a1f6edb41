import Fastify from 'fastify'
import cors from '@corsa/fastify'

export const app = Fastify()

// Before your auth hooks and routes: preflights are answered in onRequest, for every path.
await app.register(cors, {
  origin: ['https://app.example.com', 'https://*.example.com'],
  credentials: true,
  exposeHeaders: ['X-Request-Id'],
  maxAge: 600,
})

app.addHook('onRequest', async (request, reply) => {
  if (request.url.startsWith('/api/') && !request.headers.cookie) {
    return reply.code(401).send({ error: 'sign in first' }) // a 401 the browser can read
  }
})

app.get('/api/me', async (_request, reply) => {
  reply.header('X-Request-Id', '42')
  return { name: 'Ada' }
})

app.put('/api/me', { schema: { body: { type: 'object', required: ['name'] } } }, async (request) => request.body)

// await app.listen({ port: 3000 })
