import type { APIRoute } from 'astro'

// The csrf proof's handler (counted by the middleware after corsa).
export const ALL: APIRoute = () => new Response('done')
