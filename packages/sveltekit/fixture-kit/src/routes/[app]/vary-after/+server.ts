import type { RequestHandler } from './$types'

export const GET: RequestHandler = () => new Response('vary', { headers: { vary: 'Accept-Language' } })
