// src/routes/api/old/+server.ts
import { redirect } from '@sveltejs/kit'

export const GET = () => redirect(307, '/api/me')
