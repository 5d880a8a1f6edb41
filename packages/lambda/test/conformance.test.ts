/** The conformance suite over HTTP, through each trigger's event and result shapes (test/support/gateway.ts). */
import { afterAll, beforeAll, vi } from 'vitest'
import { runConformance } from '../../fastify/test/support/conformance.js'
import { startConformance } from './support/app.js'

// withCors's default onError logs the thrown error of GET /throw before answering 500.
const quiet = vi.spyOn(console, 'error')
beforeAll(() => void quiet.mockImplementation(() => {}))
afterAll(() => quiet.mockRestore())

runConformance('@corsa/lambda withCors behind an API Gateway REST API (payload 1.0)', startConformance('rest', 'withCors'))
runConformance('@corsa/lambda withCors behind an HTTP API (payload 2.0)', startConformance('http-api', 'withCors'))
runConformance('@corsa/lambda withCors behind a Function URL (payload 2.0)', startConformance('function-url', 'withCors'))
runConformance('@corsa/lambda withCors behind an ALB with multi-value headers', startConformance('alb-multi', 'withCors'))
runConformance('@corsa/lambda cors() in middy behind an HTTP API', startConformance('http-api', 'middy'))
runConformance('@corsa/lambda cors() in middy behind an API Gateway REST API', startConformance('rest', 'middy'))
