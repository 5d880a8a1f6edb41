import { json } from '@sveltejs/kit'
import type { RequestHandler } from './$types'

let hits = 0

// The csrf proof's handler: GET /csrf/__hits reports, every other request is counted.
export const fallback: RequestHandler = ({ request, params }) => {
  if (request.method === 'GET' && params.path === '__hits') return json({ hits })
  hits++
  return new Response('done')
}
