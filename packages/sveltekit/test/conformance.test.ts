// The conformance suite against fixture-kit, built by the real `vite build` (adapter-node) and
// served by `node build` (test/kit-build.ts). The four apps are real SvelteKit routes
// (src/routes/[app]/...) behind a handle hook each, under /policy, /twice, /open and /predicate.
import { runConformance } from '@corsa/testkit/conformance'
import { runCsrfProof } from '@corsa/testkit/csrf'
import { inject } from 'vitest'

runConformance('@corsa/sveltekit on SvelteKit 2 (adapter-node build)', async () => ({
  url: (app) => `${inject('kitUrl')}/${app}`,
  stop: () => {},
  // A hook before corsa prepares headers with setHeaders(), which SvelteKit applies in resolve():
  // corsa's preflight answer never goes through resolve(), so it has only corsa's Vary.
  middlewareBefore: false,
}))

runCsrfProof('@corsa/sveltekit on SvelteKit 2 (adapter-node build)', async () => ({ url: `${inject('kitUrl')}/csrf`, stop: () => {} }))
