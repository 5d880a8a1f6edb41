import type { APIRoute } from 'astro'

export const GET: APIRoute = ({ cookies }) => {
  cookies.set('a', '1', { path: '/' })
  cookies.set('b', '2', { path: '/' })
  return new Response('cookies')
}
