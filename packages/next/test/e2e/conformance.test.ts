import { inject } from 'vitest'
import { runConformance } from '@corsa/testkit/conformance'

// A route handler has no middleware before corsa (proxy.ts does not match /conformance).
runConformance('@corsa/next withCors in route handlers, next build + next start', async () => ({
  url: (app) => `${inject('nextUrl')}/conformance/${app}`,
  stop: () => {},
  middlewareBefore: false,
}))
