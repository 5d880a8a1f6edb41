import { inject } from 'vitest'
import { runCsrfProof } from '@corsa/testkit/csrf'

// A route handler wrapped with withCors and csrf on (fixture/app/csrf); proxy.ts does not match /csrf.
runCsrfProof('@corsa/next withCors in a route handler, next build + next start', async () => ({
  url: `${inject('nextUrl')}/csrf`,
  stop: () => {},
}))
