/** The conformance suite over HTTP, through each trigger's event and result shapes (test/support/gateway.ts). */
import { afterAll, beforeAll, vi } from 'vitest'
import { runConformance } from '@corsa/testkit/conformance'
import { csrfPolicy, runCsrfProof } from '@corsa/testkit/csrf'
import { withCors } from '@corsa/lambda'
import { serveLambda, type Trigger } from './support/gateway.js'
import { pathOf } from './support/app.js'
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

for (const trigger of ['rest', 'http-api', 'alb'] as Trigger[]) {
  runCsrfProof(`@corsa/lambda withCors behind ${trigger}`, async () => {
    let hits = 0
    const counted = withCors(async () => (hits++, { statusCode: 200, body: 'done' }), csrfPolicy())
    const s = await serveLambda(trigger, async (event: Parameters<typeof counted>[0]) =>
      pathOf(event) === '/__hits' ? { statusCode: 200, body: JSON.stringify({ hits }) } : counted(event, {}),
    )
    return { url: s.url, stop: () => s.close() }
  })
}
