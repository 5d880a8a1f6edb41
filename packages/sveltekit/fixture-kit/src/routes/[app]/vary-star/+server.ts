import type { RequestHandler } from './$types'

export const GET: RequestHandler = ({ setHeaders }) => {
  setHeaders({ vary: '*' })
  return new Response('vary')
}
