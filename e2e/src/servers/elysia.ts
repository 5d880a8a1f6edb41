/** `@corsa/elysia`'s plugin in Elysia on the real `bun` binary (from npm). */
import { bin, startChild } from './child.ts'
import { FACE_PROOF } from './subset.ts'
import type { Adapter } from './types.ts'

let runtime = 'Elysia on Bun'

export const elysiaAdapter: Adapter = {
  name: '@corsa/elysia cors()',
  runtime: () => runtime,
  scenarios: FACE_PROOF,
  async start(config) {
    const server = await startChild(bin('bun'), ['src/servers/elysia-server.ts'], config)
    runtime = server.runtime
    return server
  },
}
