import type { APIRoute } from 'astro'

// Astro's error handling answers 500.
export const GET: APIRoute = () => {
  throw new Error('boom')
}
