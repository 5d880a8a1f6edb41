import type { APIRoute } from 'astro'

export const GET: APIRoute = () =>
  new Response('own', {
    headers: {
      'access-control-allow-origin': '*',
      'access-control-allow-credentials': 'false',
      'access-control-allow-methods': 'DELETE',
      'access-control-max-age': '5',
      'access-control-expose-headers': 'X-Secret',
    },
  })
