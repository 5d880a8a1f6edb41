import type { APIRoute } from 'astro'

export const GET: APIRoute = () => new Response('ok')
// An OPTIONS that is not a preflight reaches the endpoint.
export const OPTIONS: APIRoute = () => new Response('app options')
