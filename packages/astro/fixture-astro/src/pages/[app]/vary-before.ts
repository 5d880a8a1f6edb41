import type { APIRoute } from 'astro'

// An Astro middleware cannot prepare headers before next(): the endpoint sets the Vary one would.
export const GET: APIRoute = () => new Response('vary', { headers: { vary: 'Accept-Encoding' } })
