/** `@corsa/bun`'s `corsRoutes` in the real `bun` binary (from npm). */
import { bin, startChild } from './child.ts'
import type { Adapter } from './types.ts'

let runtime = 'Bun'

export const bunAdapter: Adapter = {
  name: '@corsa/bun corsRoutes',
  runtime: () => runtime,
  async start(config) {
    const server = await startChild(bin('bun'), ['src/servers/bun-server.ts'], config)
    runtime = server.runtime
    return server
  },
}
