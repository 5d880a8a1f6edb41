import { inject } from 'vitest'
import { runConformance } from '@corsa/testkit/conformance'

// A route handler has no middleware before corsa (proxy.ts does not match /conformance).
runConformance('@corsa/next withCors in route handlers, next build + next start', async () => ({
  url: (app) => `${inject('nextUrl')}/conformance/${app}`,
  stop: () => {},
  middlewareBefore: false,
  // Next adds these to every response of the app router, and Accept-Encoding where it compresses.
  frameworkVary: ['rsc', 'next-router-state-tree', 'next-router-prefetch', 'next-router-segment-prefetch', 'accept-encoding'],
}))
