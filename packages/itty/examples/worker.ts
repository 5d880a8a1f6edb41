import { AutoRouter, error, json } from 'itty-router'
import { cors } from '@corsa/itty'

const { preflight, corsify } = cors({
  origin: ['https://app.example.com', 'https://*.example.com'],
  credentials: true,
  allowHeaders: ['Content-Type', 'Authorization'],
  exposeHeaders: ['X-Request-Id'],
  maxAge: 600,
})

// preflight first in `before`: preflights never reach withAuth or a route.
const withAuth = (request: Request) => (request.headers.get('authorization') ? undefined : error(401, 'sign in first'))

const router = AutoRouter({ before: [preflight, withAuth], finally: [corsify] })

router
  .get('/api/me', () => json({ name: 'Ada' }, { headers: { 'X-Request-Id': '42' } }))
  .post('/api/items', () => json({ created: true }, { status: 201 }))

export default router // Workers and Bun serve it as it is; on Node, see "Node" below
