import { withCors } from '@corsa/core'

export interface Env {
  /** The service this worker fronts, e.g. "https://internal-api.example.com". */
  API_ORIGIN: string
}

export default {
  fetch: withCors(
    async (request: Request, env: Env) => {
      const url = new URL(request.url)
      if (url.pathname === '/api/hello') return Response.json({ hello: 'world' })
      // Pass the upstream's response through: its headers are immutable, corsa copes.
      return fetch(new URL(url.pathname, env.API_ORIGIN))
    },
    { origin: ['https://app.example.com', 'https://*.example.com'], credentials: true },
  ),
}
