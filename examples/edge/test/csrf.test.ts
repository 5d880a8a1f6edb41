import { runCsrfProof } from '@corsa/testkit/csrf'
import { startEdgeFunction } from './edge.js'

runCsrfProof('@corsa/core withCors inside @edge-runtime/vm (Vercel Edge)', async () => {
  const edge = await startEdgeFunction('test/fixtures/csrf.ts')
  return { url: edge.url, stop: edge.close }
})
