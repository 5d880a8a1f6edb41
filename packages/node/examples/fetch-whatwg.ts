import { createServer } from 'node:http'
import { createServerAdapter } from '@whatwg-node/server'
import { withCors } from '@corsa/core'

// A fetch handler, as on every other runtime.
const handler = (request: Request) => {
  const { pathname } = new URL(request.url)
  if (pathname === '/hello') return Response.json({ hello: 'world' })
  if (pathname === '/old') return Response.redirect(new URL('/hello', request.url), 301)
  return new Response('not found', { status: 404 })
}

// withCors from @corsa/core, served by Node's http through @whatwg-node/server.
export const adapter = createServerAdapter(withCors(handler, { origin: 'https://app.example.com', credentials: true }))

export const server = createServer(adapter)
// server.listen(3000)
