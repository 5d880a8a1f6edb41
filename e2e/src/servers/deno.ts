/** `@corsa/deno`'s `corsServe` in the real `deno` binary (from npm). */
import { bin, startChild } from './child.ts'
import type { Adapter } from './types.ts'

let runtime = 'Deno'

export const denoAdapter: Adapter = {
  name: '@corsa/deno corsServe',
  runtime: () => runtime,
  async start(config) {
    const server = await startChild(
      bin('deno'),
      ['run', '--quiet', '--config', 'src/servers/deno.run.json', '--allow-net=127.0.0.1', '--allow-read', 'src/servers/deno-server.ts'],
      config,
    )
    runtime = server.runtime
    return server
  },
}
