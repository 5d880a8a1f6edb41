// The conformance suite against fixture-astro, built by the real `astro build` (@astrojs/node,
// standalone) and served by `node dist/server/entry.mjs` (test/astro-build.ts). The four apps are
// real Astro endpoints (src/pages/[app]/...) behind an onRequest middleware each, under /policy,
// /twice, /open and /predicate.
import { runConformance } from '@corsa/testkit/conformance'
import { runCsrfProof } from '@corsa/testkit/csrf'
import { inject } from 'vitest'

runConformance('@corsa/astro on Astro 5 (@astrojs/node standalone build)', async () => ({
  url: (app) => `${inject('astroUrl')}/${app}`,
  stop: () => {},
  // An Astro middleware cannot prepare response headers before next(): nothing runs before corsa.
  middlewareBefore: false,
}))

runCsrfProof('@corsa/astro on Astro 5 (@astrojs/node standalone build)', async () => ({ url: `${inject('astroUrl')}/csrf`, stop: () => {} }))
