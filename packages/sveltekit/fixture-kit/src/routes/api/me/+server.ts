// src/routes/api/me/+server.ts
import { json } from '@sveltejs/kit'
import type { RequestHandler } from './$types'

export const GET: RequestHandler = ({ setHeaders }) => {
  setHeaders({ 'x-request-id': '42' })
  return json({ name: 'Ada' })
}
