import { withCors } from '@corsa/core'

export interface Env {
  /** Where /proxy fetches from (a plain text binding in the workerd config). */
  UPSTREAM: string
}

let releaseStream: (() => void) | undefined

async function handler(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
  const { pathname } = new URL(request.url)
  const status = /^\/status\/(\d+)$/.exec(pathname)
  if (status) {
    const code = Number(status[1])
    return new Response(code === 204 || code === 304 ? null : `status ${code}`, { status: code })
  }
  switch (pathname) {
    case '/items':
      if (request.method === 'POST') return Response.json({ created: await request.json() }, { status: 201 })
      return Response.json([{ id: 1 }], { headers: { 'x-request-id': 'list' } })
    case '/context':
      // env and ctx are forwarded by withCors.
      ctx.waitUntil(Promise.resolve())
      return Response.json({ upstream: env.UPSTREAM.startsWith('http://127.0.0.1:') })
    case '/redirect':
      return Response.redirect(new URL('/items', request.url).href, 302)
    case '/throw':
      throw new Error('boom')
    case '/stream': {
      const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>()
      const writer = writable.getWriter()
      const encoder = new TextEncoder()
      ctx.waitUntil(
        (async () => {
          await writer.write(encoder.encode('first chunk;'))
          // The rest waits for /stream/release (or 5 s), so the test proves headers came first.
          await Promise.race([new Promise<void>((resolve) => (releaseStream = resolve)), scheduler.wait(5000)])
          await writer.write(encoder.encode('second chunk'))
          await writer.close()
        })(),
      )
      return new Response(readable, { headers: { 'content-type': 'text/plain' } })
    }
    case '/stream/release':
      releaseStream?.()
      return new Response('released')
    case '/proxy':
      // A fetch() result: its headers are immutable in workerd.
      return fetch(env.UPSTREAM)
    case '/cookie':
      return new Response(`cookie seen: ${request.headers.get('cookie')}`, {
        headers: [
          ['set-cookie', 'session=abc; Path=/; HttpOnly; Secure; SameSite=None'],
          ['set-cookie', 'theme=dark; Path=/; Secure; SameSite=None'],
        ],
      })
    case '/ws': {
      const { 0: client, 1: server } = new WebSocketPair()
      server.accept()
      server.addEventListener('message', (event) => server.send(`echo: ${event.data}`))
      // A 101 with a webSocket: corsa passes it through untouched.
      return new Response(null, { status: 101, webSocket: client })
    }
    default:
      return Response.json({ error: 'not found' }, { status: 404 })
  }
}

export default {
  fetch: withCors(handler, {
    origin: ['https://app.example.com', 'https://*.example.com'],
    credentials: true,
    exposeHeaders: ['x-request-id'],
    maxAge: 600,
    onError: (error) => Response.json({ error: String(error) }, { status: 500 }),
  }),
}
