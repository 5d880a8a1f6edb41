/** Apps for what is specific to Elysia: its lifecycle hooks, and @elysiajs/cors side by side. */
import { cors as elysiajsCors } from '@elysiajs/cors'
import { Elysia, NotFoundError, status } from 'elysia'
import { cors } from '@corsa/elysia'

const policy = { origin: ['https://app.example.com'], credentials: true, exposeHeaders: ['X-Total'] }

/** corsa with an onError that returns its own Response, status(), set.headers, a Response route with its own CORS. */
export function hooksApp() {
  return new Elysia()
    .use(cors(policy))
    .onError(({ code, path }) => {
      if (path === '/own-error') return new Response('handled', { status: 503, headers: { 'x-handled': 'yes' } })
      if (code === 'NOT_FOUND') return new Response('custom 404', { status: 404 })
    })
    .get('/own-error', () => {
      throw new Error('boom')
    })
    .get('/status', () => status(418, 'teapot'))
    .get('/not-found', () => {
      throw new NotFoundError()
    })
    .get('/set-headers', ({ set }) => {
      set.headers['x-total'] = '3'
      set.status = 201
      return { ok: true }
    })
    .get('/response-own-cors', () => new Response('own', { headers: { 'access-control-allow-origin': '*', 'access-control-max-age': '99' } }))
    .get('/response-redirect', () => Response.redirect('http://127.0.0.1/elsewhere', 307))
    .get('/sse', async function* () {
      yield 'one'
      yield 'two'
    })
    .options('/thing', () => 'app options')
    .get('/thing', () => 'thing')
}

/** @elysiajs/cors configured for the same policy, to show what changes. */
export function elysiajsApp() {
  return new Elysia()
    .use(elysiajsCors({ origin: ['https://app.example.com'], credentials: true, exposeHeaders: ['X-Total'] }))
    .get('/status', () => status(418, 'teapot'))
    .get('/response-own-cors', () => new Response('own', { headers: { 'access-control-allow-origin': '*' } }))
    .options('/thing', () => 'app options')
    .get('/thing', () => 'thing')
}
