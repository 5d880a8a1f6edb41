// src/hooks.server.ts
import { cors } from '@corsa/sveltekit'
import { type Handle, json } from '@sveltejs/kit'
import { sequence } from '@sveltejs/kit/hooks'

// After corsa: a preflight never gets here, and this 401 gets the CORS headers.
const auth: Handle = ({ event, resolve }) => {
  if (!event.request.headers.get('authorization')) return json({ message: 'sign in first' }, { status: 401 })
  return resolve(event)
}

export const handle: Handle = sequence(
  // First: preflights end here, before auth and routing.
  cors({
    origin: ['https://app.example.com', 'https://*.example.com'],
    credentials: true,
    allowHeaders: ['Content-Type', 'Authorization'],
    exposeHeaders: ['X-Request-Id'],
    maxAge: 600,
  }),
  auth,
)
