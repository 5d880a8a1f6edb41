// fixture-kit's hooks, built by the real `vite build` (adapter-node) and served by `node build`.
// The conformance apps live under /policy, /twice, /open and /predicate; each is corsa applied as
// users apply it in SvelteKit: a handle hook in sequence(), before the hooks that count and route.
import { cors } from '@corsa/sveltekit'
import { csrfPolicy } from '@corsa/testkit/csrf-app'
import { APP, suitePolicy } from '@corsa/testkit/fixtures'
import { error, type Handle, json, redirect } from '@sveltejs/kit'
import { sequence } from '@sveltejs/kit/hooks'
// docs/sveltekit.md's example, serving /api/*.
import { handle as docsExample } from '../../examples/hooks.server'

const hits: Record<string, number> = { policy: 0, twice: 0, open: 0, predicate: 0 }
const appOf = (event: { url: URL }) => event.url.pathname.split('/')[1] ?? ''

/** After corsa: counts the requests that reach routing, and answers GET /<app>/__hits. */
const count: Handle = ({ event, resolve }) => {
  const app = appOf(event)
  if (event.url.pathname === `/${app}/__hits`) return json({ hits: hits[app] })
  hits[app]!++
  return resolve(event)
}

/** Before corsa: a hook that prepares a header with setHeaders(), as compression or i18n hooks do. */
const upstream: Handle = ({ event, resolve }) => {
  if (event.url.pathname.endsWith('/vary-before')) event.setHeaders({ vary: 'Accept-Encoding' })
  return resolve(event)
}

const apps: Record<string, Handle> = {
  policy: sequence(upstream, cors(suitePolicy), count),
  twice: sequence(upstream, cors(suitePolicy), cors(suitePolicy), count),
  open: sequence(upstream, cors(), count),
  predicate: sequence(upstream, cors({ origin: async (origin, event) => origin === APP && event.url.pathname.endsWith('/ok') }), count),
  // Cross-origin protection: corsa's csrf in place of SvelteKit's origin check (svelte.config.js).
  csrf: cors(csrfPolicy('/csrf')),
  api: docsExample,
  // A hook after corsa that throws instead of returning a Response (docs/sveltekit.md, "Hooks after corsa").
  thrower: sequence(cors(suitePolicy), ({ event }) => {
    if (event.url.pathname === '/thrower/error') error(401, 'sign in first')
    redirect(303, '/login')
  }),
}

export const handle: Handle = (input) => (apps[appOf(input.event)] ?? (({ event, resolve }) => resolve(event)))(input)
