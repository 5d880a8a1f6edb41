import { withCors } from '@corsa/core'

// A Vercel Edge Function: no Node API, just the Fetch API.
export const config = { runtime: 'edge' }

async function handler(request: Request): Promise<Response> {
  const { pathname } = new URL(request.url)
  if (pathname === '/api/hello') return Response.json({ hello: 'world' })
  if (pathname === '/api/login') return Response.redirect(new URL('/api/hello', request.url), 303)
  if (pathname === '/api/fail') throw new Error('database is down')
  return Response.json({ error: 'not found' }, { status: 404 })
}

export default withCors(handler, { origin: ['https://app.example.com', 'https://*.example.com'], credentials: true })
