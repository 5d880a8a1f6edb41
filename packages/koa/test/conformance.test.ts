import { runConformance } from '../../fastify/test/support/conformance.js'
import { startConformance, versions } from './support/app.js'

for (const [name, K] of versions) runConformance(`@corsa/koa on ${name} with @koa/router`, startConformance(K))
