import type { RequestHandler } from './$types'

// The Vary comes from the `upstream` hook's setHeaders() (hooks.server.ts).
export const GET: RequestHandler = () => new Response('vary')
