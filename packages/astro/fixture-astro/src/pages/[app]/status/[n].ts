import type { APIRoute } from 'astro'

export const GET: APIRoute = ({ params }) => {
  const status = Number(params.n)
  return new Response(status === 204 || status === 304 ? null : 'status', { status })
}
