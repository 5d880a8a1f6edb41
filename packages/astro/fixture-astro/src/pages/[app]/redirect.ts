import type { APIRoute } from 'astro'

export const GET: APIRoute = ({ params, redirect }) => redirect(`/${params.app}/ok`, 302)
