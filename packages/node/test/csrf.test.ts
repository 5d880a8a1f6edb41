/** Cross-origin protection (csrf) on real Node servers: express 5 with the cors() middleware, and plain http with withCors. */
import type { IncomingMessage, ServerResponse } from 'node:http'
import express from 'express'
import { cors, withCors } from '@corsa/node'
import { csrfPolicy, runCsrfProof } from '@corsa/testkit/csrf'
import { serve } from '@corsa/testkit/node-http'

runCsrfProof('@corsa/node cors() in express 5', async () => {
  let hits = 0
  const app = express()
  app.get('/__hits', (_req, res) => void res.json({ hits }))
  app.use(cors(csrfPolicy()))
  app.all('/{*path}', (_req, res) => {
    hits++
    res.send('done')
  })
  const server = await serve(app)
  return { url: server.url, stop: server.close }
})

runCsrfProof('@corsa/node withCors() on node:http', async () => {
  let hits = 0
  const listener = withCors((_req: IncomingMessage, res: ServerResponse) => {
    hits++
    res.end('done')
  }, csrfPolicy())
  const server = await serve((req, res) => (req.url === '/__hits' ? res.end(JSON.stringify({ hits })) : listener(req, res)))
  return { url: server.url, stop: server.close }
})
