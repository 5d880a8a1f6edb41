import type { RequestHandler } from './$types'

export const GET: RequestHandler = ({ params }) => {
  const status = Number(params.n)
  return new Response(status === 204 || status === 304 ? null : 'status', { status })
}
