import { serve } from '@hono/node-server'
import { withCors } from '@corsa/core'

const handler = (request: Request) => {
  const { pathname } = new URL(request.url)
  if (pathname === '/hello') return Response.json({ hello: 'world' })
  if (pathname === '/fail') throw new Error('boom') // withCors answers 500, with the CORS headers
  return new Response('not found', { status: 404 })
}

// withCors from @corsa/core, served by Node's http through @hono/node-server.
export const fetch = withCors(handler, { origin: ['https://app.example.com'] })

export function start(port = 3000, hostname?: string) {
  return serve({ fetch, port, ...(hostname ? { hostname } : {}) })
}
