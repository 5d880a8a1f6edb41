import { runConformance } from '@corsa/testkit/conformance'
import { startWorker } from './workerd.js'

runConformance('@corsa/core withCors in the real workerd', async () => {
  const worker = await startWorker('test/fixtures/conformance-worker.ts')
  return { url: (app) => `${worker.url}/${app}`, stop: worker.stop, middlewareBefore: false }
})
