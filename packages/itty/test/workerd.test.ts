// itty-router v5 and v6, AutoRouter and Router, bundled by esbuild and served by the real workerd.
import { fileURLToPath } from 'node:url'
import { startWorker } from '../../../examples/workers/test/workerd.js'
import { runConformance } from '@corsa/testkit/conformance'

for (const version of ['v6', 'v5'] as const) {
  for (const kind of ['auto', 'router'] as const) {
    runConformance(`itty-router ${version} ${kind === 'auto' ? 'AutoRouter' : 'Router'} in workerd`, async () => {
      const worker = await startWorker(fileURLToPath(new URL(`./support/worker-${version}.ts`, import.meta.url)))
      return { url: (app) => `${worker.url}/${kind}/${app}`, stop: () => worker.stop(), middlewareBefore: false }
    })
  }
}
