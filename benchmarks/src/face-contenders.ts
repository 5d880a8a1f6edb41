/**
 * corsa's framework faces next to each framework's own CORS helper (peer-contenders.ts): the same
 * policy through `@corsa/itty` (itty's `{ preflight, corsify }` shape), `@corsa/h3`'s middleware
 * and `@corsa/elysia`'s plugin, each as its docs page applies it. Elysia runs on Node through
 * `app.handle()`, as its peer does here; the Bun numbers are the runtime bench's business.
 */
import { cors as corsaElysia } from '@corsa/elysia'
import { cors as corsaH3 } from '@corsa/h3'
import { cors as corsaItty } from '@corsa/itty'
import { Elysia } from 'elysia'
import { H3 } from 'h3'
import type { Contender, FetchFn, Handler } from './core-contenders.js'
import { corsaOptions, type Workload } from './workloads.js'

/** itty's own wiring, `before: [preflight]` and `finally: [corsify]`, as peer-contenders' `itty`. */
function itty(w: Workload, handler: Handler): FetchFn {
  const { preflight, corsify } = corsaItty(corsaOptions(w))
  return (request) => (preflight(request) as Response | undefined) ?? (corsify(handler(request), request) as Response)
}

function h3(w: Workload, handler: Handler): FetchFn {
  const app = new H3().use(corsaH3(corsaOptions(w)))
  app.all('/', (event) => handler(event.req))
  return (request) => app.fetch(request)
}

function elysia(w: Workload, handler: Handler): FetchFn {
  const app = new Elysia().use(corsaElysia(corsaOptions(w)))
  // Every method reaches the route: corsa answers preflights in onRequest, before routing.
  app.all('/', ({ request }) => handler(request))
  return (request) => app.handle(request)
}

export const FACE_CONTENDERS: Contender[] = [
  { id: 'itty-corsa', label: '@corsa/itty cors()', baseline: 'bare', build: itty },
  { id: 'h3-corsa-mw', label: 'h3 + @corsa/h3 cors()', baseline: 'h3-bare', build: h3 },
  { id: 'elysia-corsa-plugin', label: 'Elysia + @corsa/elysia cors()', baseline: 'elysia-bare', build: elysia },
]

/** The peers with each face placed right after the last contender of its framework (same baseline), so tables read framework by framework. */
export function withFaces(peers: Contender[]): Contender[] {
  const out = [...peers]
  for (const face of FACE_CONTENDERS) {
    let last = -1
    out.forEach((c, i) => {
      if (c.baseline === face.baseline && !FACE_CONTENDERS.includes(c)) last = i
    })
    out.splice(last + 1, 0, face)
  }
  return out
}
