import { runConformance } from '@corsa/testkit/conformance'
import { startEdgeFunction } from './edge.js'

runConformance('@corsa/core withCors inside @edge-runtime/vm (Vercel Edge)', async () => {
  const edge = await startEdgeFunction('test/fixtures/conformance.ts')
  return { url: (app) => `${edge.url}/${app}`, stop: edge.close, middlewareBefore: false }
})
