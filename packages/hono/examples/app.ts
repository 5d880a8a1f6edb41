import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { cors } from '@corsa/hono'

export const app = new Hono()

// Public, read-only data: any origin, no credentials.
app.use('/public/*', cors())
app.get('/public/status', (c) => c.json({ up: true }))

// The app's own API: its origins, with cookies.
app.use(
  '/api/*',
  cors({
    origin: ['https://app.example.com', 'https://*.example.com'],
    credentials: true,
    allowHeaders: ['Content-Type', 'Authorization'],
    exposeHeaders: ['X-Request-Id'],
    maxAge: 600,
  }),
)
app.get('/api/me', (c) => {
  if (!c.req.header('cookie')) throw new HTTPException(401, { message: 'sign in first' })
  c.header('X-Request-Id', '42')
  return c.json({ name: 'Ada' })
})

// Errors and 404s under /api get the CORS headers too, so the browser can read them.
app.onError((error, c) => (error instanceof HTTPException ? error.getResponse() : c.json({ error: 'internal' }, 500)))
app.notFound((c) => c.json({ error: 'not found' }, 404))

export default app // Bun and Deno: serve it as is; Node: serve({ fetch: app.fetch }) from @hono/node-server
