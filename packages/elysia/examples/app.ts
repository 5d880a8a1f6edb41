import { Elysia, NotFoundError, redirect } from 'elysia'
import { cors } from '@corsa/elysia'

export const app = new Elysia()
  .use(
    cors({
      origin: ['https://app.example.com', 'https://*.example.com'],
      credentials: true,
      allowHeaders: ['Content-Type', 'Authorization'],
      exposeHeaders: ['X-Request-Id'],
      maxAge: 600,
    }),
  )
  // Errors get the CORS headers too, so the page can read them.
  .onError(({ code }) => (code === 'NOT_FOUND' ? { error: 'not found' } : { error: 'internal' }))
  // Auth after corsa: preflights were answered in onRequest and never get here.
  .onBeforeHandle(({ request, status }) => {
    if (!request.headers.get('authorization')) return status(401, 'sign in first')
  })
  .get('/api/me', ({ set }) => {
    set.headers['x-request-id'] = '42'
    return { name: 'Ada' }
  })
  .get('/api/items/:id', ({ params }) => {
    if (params.id !== '1') throw new NotFoundError('no such item')
    return { id: 1 }
  })
  .get('/api/old', () => redirect('/api/me'))

// app.listen(3000) on Bun; export default app on Cloudflare Workers (with the CloudflareAdapter)
