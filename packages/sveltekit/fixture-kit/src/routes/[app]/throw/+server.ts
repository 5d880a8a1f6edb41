import type { RequestHandler } from './$types'

// SvelteKit's handleError and error handling answer 500.
export const GET: RequestHandler = () => {
  throw new Error('boom')
}
