import type { RequestHandler } from './$types'

export const GET: RequestHandler = () =>
  new Response('own', {
    headers: {
      'access-control-allow-origin': '*',
      'access-control-allow-credentials': 'false',
      'access-control-allow-methods': 'DELETE',
      'access-control-max-age': '5',
      'access-control-expose-headers': 'X-Secret',
    },
  })
