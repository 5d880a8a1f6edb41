import type { RequestHandler } from './$types'

export const GET: RequestHandler = ({ cookies }) => {
  cookies.set('a', '1', { path: '/' })
  cookies.set('b', '2', { path: '/' })
  return new Response('cookies')
}
