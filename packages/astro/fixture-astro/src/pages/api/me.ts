// src/pages/api/me.ts
import type { APIRoute } from 'astro'

export const GET: APIRoute = () => Response.json({ name: 'Ada' }, { headers: { 'x-request-id': '42' } })
