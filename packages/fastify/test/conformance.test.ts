import { runConformance } from './support/conformance.js'
import { startConformance } from './support/app.js'

runConformance('@corsa/fastify on Fastify 5', startConformance)
