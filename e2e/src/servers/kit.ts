/**
 * `cors()` from `@corsa/sveltekit` as the `handle` hook of a SvelteKit app (`fixtures/kit`), one
 * production build (`vite build`, adapter-node) made once per run, served through adapter-node's
 * `build/handler.js` in a custom `node:https` server (`fixtures/serve-handler.mjs`).
 */
import { startChild } from './child.ts'
import { KIT } from './builds.ts'
import { FACE_PROOF } from './subset.ts'
import type { Adapter } from './types.ts'

const BUILD = 'SvelteKit 2 (adapter-node build)'
let runtime = BUILD

export const kitAdapter: Adapter = {
  name: '@corsa/sveltekit cors()',
  runtime: () => runtime,
  scenarios: FACE_PROOF,
  async start(config) {
    const server = await startChild(process.execPath, ['fixtures/serve-handler.mjs', KIT.handler, BUILD], config)
    runtime = server.runtime
    return server
  },
}
