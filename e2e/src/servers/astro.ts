/**
 * `cors()` from `@corsa/astro` as the `onRequest` middleware of an Astro app (`fixtures/astro`), one
 * production build (`astro build`, @astrojs/node in middleware mode) made once per run, served
 * through its `dist/server/entry.mjs` handler in a custom `node:https` server
 * (`fixtures/serve-handler.mjs`).
 */
import { startChild } from './child.ts'
import { ASTRO } from './builds.ts'
import { FACE_PROOF } from './subset.ts'
import type { Adapter } from './types.ts'

const BUILD = 'Astro 5 (@astrojs/node build)'
let runtime = BUILD

export const astroAdapter: Adapter = {
  name: '@corsa/astro cors()',
  runtime: () => runtime,
  scenarios: FACE_PROOF,
  async start(config) {
    const server = await startChild(process.execPath, ['fixtures/serve-handler.mjs', ASTRO.handler, BUILD], config)
    runtime = server.runtime
    return server
  },
}
