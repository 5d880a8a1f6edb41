import { corsServe } from '@corsa/deno'

const server = Deno.serve(
  corsServe(
    {
      port: Number(Deno.env.get('PORT') ?? 8000),
      hostname: '127.0.0.1',
      onListen: ({ port }) => console.log(JSON.stringify({ port })),
      handler(request, info) {
        const { pathname } = new URL(request.url)
        if (pathname === '/chat') {
          // The 101 passes through corsa untouched.
          const { socket, response } = Deno.upgradeWebSocket(request)
          socket.onmessage = (event) => socket.send(`echo: ${event.data}`)
          return response
        }
        if (pathname === '/whoami') return Response.json({ address: info.remoteAddr.hostname })
        if (pathname === '/fail') throw new Error('database is down')
        return Response.json({ error: 'not found' }, { status: 404 })
      },
      // Deno's onError gets no request; through corsServe its response gets CORS headers.
      onError(error) {
        return Response.json({ error: String(error) }, { status: 500 })
      },
    },
    { origin: ['https://app.example.com', 'https://*.example.com'], credentials: true },
  ),
)

export default server
