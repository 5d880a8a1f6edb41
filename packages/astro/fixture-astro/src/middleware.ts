// fixture-astro's middleware, built by the real `astro build` (@astrojs/node, standalone) and
// served by `node dist/server/entry.mjs`. The conformance apps live under /policy, /twice, /open
// and /predicate; each is corsa applied as users apply it in Astro: an onRequest middleware in
// sequence(), before the middleware that counts.
import { cors } from '@corsa/astro'
import { csrfPolicy } from '@corsa/testkit/csrf-app'
import { APP, suitePolicy } from '@corsa/testkit/fixtures'
import type { MiddlewareHandler } from 'astro'
import { sequence } from 'astro:middleware'
// docs/astro.md's example, serving /api/*.
import { onRequest as docsExample } from '../../examples/middleware'

const hits: Record<string, number> = { policy: 0, twice: 0, open: 0, predicate: 0, csrf: 0 }
const appOf = (context: { url: URL }) => context.url.pathname.split('/')[1] ?? ''

/** After corsa: counts the requests that reach routing, and answers GET /<app>/__hits. */
const count: MiddlewareHandler = (context, next) => {
  const app = appOf(context)
  if (context.url.pathname === `/${app}/__hits`) return Response.json({ hits: hits[app] })
  hits[app]!++
  return next()
}

const apps: Record<string, MiddlewareHandler> = {
  policy: sequence(cors(suitePolicy), count),
  twice: sequence(cors(suitePolicy), cors(suitePolicy), count),
  open: sequence(cors(), count),
  predicate: sequence(cors({ origin: async (origin, context) => origin === APP && context.url.pathname.endsWith('/ok') }), count),
  // Cross-origin protection: corsa's csrf in place of Astro's origin check (astro.config.mjs).
  csrf: sequence(cors(csrfPolicy('/csrf')), count),
  api: docsExample,
}

export const onRequest: MiddlewareHandler = (context, next) => (apps[appOf(context)] ?? ((_, next) => next()))(context, next)
