import type { APIRoute } from 'astro'

export const GET: APIRoute = () => new Response('vary', { headers: { vary: 'Accept-Language' } })
