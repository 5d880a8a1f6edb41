import type { RequestHandler } from './$types'

export const GET: RequestHandler = () => new Response('ok')
// An OPTIONS that is not a preflight reaches the route.
export const OPTIONS: RequestHandler = () => new Response('app options')
