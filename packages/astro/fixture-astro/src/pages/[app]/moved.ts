import type { APIRoute } from 'astro'

// Response.redirect(): immutable headers, which corsa must still decorate.
export const GET: APIRoute = ({ params, url }) => Response.redirect(new URL(`/${params.app}/ok`, url), 301)
