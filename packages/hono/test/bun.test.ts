import { onBun } from './support/runtimes.js'
import { runSuite } from './support/suite.js'

runSuite('Hono under the real bun binary (npm package bun)', onBun)
