/**
 * One HTTP server for the HTTP-level benchmark, run in its own child process so that its CPU
 * time is its own: `node dist/server.js <kind>`. It listens on 127.0.0.1 (port 0), reports
 * `{ port }` over IPC, answers `'cpu'` with `process.cpuUsage()`, and exits on `'exit'`, when
 * the parent goes away, or after a hard time limit.
 */
import { createServer, type Server } from 'node:http'
import { serve } from '@hono/node-server'
import { withCors } from '@corsa/core'
import { makeListener, NODE_CONTENDERS } from './node-contenders.js'
import type { ServerKind } from './server-kinds.js'
import { corsaOptions, makeHandler, WORKLOADS } from './workloads.js'

const LIMIT_MS = 15 * 60_000
const kind = process.argv[2] as ServerKind
const workload = WORKLOADS.find((w) => w.id === 'allowed')!

function start(): Server {
  if (kind === 'hono-node' || kind === 'hono-node-corsa') {
    const handler = makeHandler({ body: 'hello' })
    const fetch = kind === 'hono-node' ? handler : withCors(handler, corsaOptions(workload))
    return serve({ fetch, port: 0, hostname: '127.0.0.1' }) as Server
  }
  const contender = NODE_CONTENDERS.find((c) => c.id === kind)
  if (!contender) throw new Error(`unknown server kind ${kind}`)
  const server = createServer(contender.build(workload, makeListener({ body: 'hello' })))
  server.listen(0, '127.0.0.1')
  return server
}

const server = start()
server.keepAliveTimeout = 10_000
const stop = () => {
  server.close()
  server.closeAllConnections?.()
  process.exit(0)
}
setTimeout(stop, LIMIT_MS).unref()
process.on('disconnect', stop)
process.on('message', (message) => {
  if (message === 'cpu') process.send!({ cpu: process.cpuUsage() })
  if (message === 'exit') stop()
})
server.on('listening', () => {
  const address = server.address()
  process.send!({ port: typeof address === 'object' && address ? address.port : 0 })
})
