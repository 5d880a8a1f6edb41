// src/middleware.ts
import { cors } from '@corsa/astro'
import type { MiddlewareHandler } from 'astro'
import { sequence } from 'astro:middleware'

// After corsa: a preflight never gets here, and this 401 gets the CORS headers.
const auth: MiddlewareHandler = (context, next) => {
  if (!context.request.headers.get('authorization')) return Response.json({ message: 'sign in first' }, { status: 401 })
  return next()
}

export const onRequest = sequence(
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
