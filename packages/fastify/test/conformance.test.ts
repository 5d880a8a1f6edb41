import { runConformance } from '@corsa/testkit/conformance'
import { csrfPolicy, runCsrfProof } from '@corsa/testkit/csrf'
import cors from '@corsa/fastify'
import { fastify, listen, startConformance } from './support/app.js'

runConformance('@corsa/fastify on Fastify 5', startConformance)

runCsrfProof('@corsa/fastify on Fastify 5', async () => {
  const app = fastify()
  let hits = 0
  await app.register(cors, csrfPolicy())
  // The proof posts forms, which Fastify answers 415 without a parser.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => done(null, body))
  app.get('/__hits', async () => ({ hits }))
  app.all('/*', async () => (hits++, 'done'))
  return { url: await listen(app), stop: () => app.close() }
})
