import { runCsrfProof } from '@corsa/testkit/csrf'
import { startWorker } from './workerd.js'

runCsrfProof('@corsa/core withCors in the real workerd', async () => {
  const worker = await startWorker('test/fixtures/csrf-worker.ts')
  return { url: worker.url, stop: worker.stop }
})
