import { H3, HTTPError, redirect, serve } from 'h3'
import { cors } from '@corsa/h3'

export const app: H3 = new H3()
  // First: preflights end here, before the auth below and the routes.
  .use(
    cors({
      origin: ['https://app.example.com', 'https://*.example.com'],
      credentials: true,
      allowHeaders: ['Content-Type', 'Authorization'],
      exposeHeaders: ['X-Request-Id'],
      maxAge: 600,
    }),
  )
  .use((event) => {
    if (!event.req.headers.get('authorization')) throw new HTTPError({ status: 401, message: 'sign in first' })
  })
  .get('/api/me', (event) => {
    event.res.headers.set('x-request-id', '42')
    return { name: 'Ada' }
  })
  .get('/api/old', () => redirect('/api/me'))

// serve(app, { port: 3000 }) on Node, Bun and Deno; export default app on Workers
export { serve }
