import { corsServe } from '@corsa/bun'

const items = [{ id: 1, name: 'first' }]

const server = Bun.serve(
  corsServe(
    {
      port: Number(process.env.PORT ?? 3000),
      hostname: '127.0.0.1',
      routes: {
        // A static response: corsa turns it into a handler, so it gets CORS headers and a preflight.
        '/health': new Response('ok'),
        // Per-method handlers: corsa adds the OPTIONS handler Bun does not have.
        '/api/items': {
          GET: () => Response.json(items),
          POST: async (request) => Response.json(await request.json(), { status: 201 }),
        },
        '/api/items/:id': (request) => Response.json(items.find((item) => String(item.id) === request.params.id) ?? null),
      },
      fetch(request, server) {
        // `server` is forwarded, and the `undefined` after an upgrade passes through.
        if (new URL(request.url).pathname === '/chat' && server.upgrade(request)) return undefined
        return Response.json({ error: 'not found' }, { status: 404 })
      },
      websocket: {
        message(ws, message) {
          ws.send(`echo: ${message}`)
        },
      },
      // Errors thrown by any route or by fetch end here, and corsa adds CORS headers to the answer.
      error(error) {
        return Response.json({ error: error.message }, { status: 500 })
      },
    },
    { origin: ['https://app.example.com', 'https://*.example.com'], credentials: true },
  ),
)

console.log(JSON.stringify({ port: server.port }))
