import Fastify from 'fastify'
import cors from '@corsa/fastify'

export const app = Fastify()

// A credentialed API for the app's own origin, in its own plugin scope.
await app.register(
  async (api) => {
    await api.register(cors, { origin: 'https://app.example.com', credentials: true })
    // A 404 handler of its own gives this prefix its own hooks, corsa's included, so that every
    // preflight under /api reaches this scope's policy, routed or not.
    api.setNotFoundHandler(async (_request, reply) => reply.code(404).send({ error: 'no such API' }))
    api.delete('/orders/:id', async () => ({ deleted: true }))
  },
  { prefix: '/api' },
)

// A public scope: any origin, no credentials.
await app.register(
  async (open) => {
    await open.register(cors)
    open.get('/status', async () => ({ up: true }))
  },
  { prefix: '/public' },
)

// Routes outside both scopes get no CORS headers.
app.get('/health', async () => 'ok')
