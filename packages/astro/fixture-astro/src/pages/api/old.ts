// src/pages/api/old.ts
import type { APIRoute } from 'astro'

export const GET: APIRoute = ({ redirect }) => redirect('/api/me', 307)
