import { Hono } from 'hono'
// was: import { cors } from 'hono/cors'
import { cors } from '@corsa/hono'

export const app = new Hono()

// A hono/cors configuration, unchanged: the origin function returns the origin to allow.
app.use(
  '/api/*',
  cors({
    origin: (origin) => (origin.endsWith('.example.com') ? origin : 'https://example.com'),
    allowHeaders: ['X-Custom-Header', 'Upgrade-Insecure-Requests'],
    allowMethods: ['POST', 'GET', 'OPTIONS'],
    exposeHeaders: ['Content-Length', 'X-Kuma-Revision'],
    maxAge: 600,
    credentials: true,
  }),
)
app.post('/api/posts', (c) => c.json({ id: 1 }, 201))
