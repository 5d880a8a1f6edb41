/**
 * The HTTP level: real servers on 127.0.0.1 in child processes, driven by autocannon from this
 * process, bounded in time and in request count. Servers are driven in turn, round after round.
 * Reports requests per second and the server's CPU time per request (`process.cpuUsage()`).
 */
import { fork, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'
import { SERVER_KINDS, type ServerKind } from './server-kinds.js'
import { requestHeaders, WORKLOADS } from './workloads.js'

export interface HttpRow {
  kind: ServerKind
  label: string
  workload: string
  requests: number
  /** Median over rounds. */
  rps: number
  cpuMicrosPerRequest: number
  non2xx: number
  errors: number
}

interface Running {
  kind: ServerKind
  child: ChildProcess
  port: number
}

const SERVER = fileURLToPath(new URL('./server.js', import.meta.url))

function ask<T>(child: ChildProcess, message: string, key: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not answer ${message}`)), 10_000)
    const on = (reply: unknown) => {
      if (reply && typeof reply === 'object' && key in reply) {
        clearTimeout(timer)
        child.off('message', on)
        resolve((reply as Record<string, T>)[key]!)
      }
    }
    child.on('message', on)
    if (message) child.send(message)
  })
}

async function startServer(kind: ServerKind): Promise<Running> {
  const child = fork(SERVER, [kind], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const port = await ask<number>(child, '', 'port')
  return { kind, child, port }
}

const cpuMicros = async (child: ChildProcess) => {
  const cpu = await ask<{ user: number; system: number }>(child, 'cpu', 'cpu')
  return cpu.user + cpu.system
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!

export async function runHttp(
  quick: boolean,
  log: (line: string) => void,
): Promise<{ rows: HttpRow[]; seconds: number; rounds: number; connections: number }> {
  const seconds = quick ? 1 : 3
  const rounds = quick ? 1 : 3
  const connections = 8
  const workloads = WORKLOADS.filter((w) => w.id === 'allowed' || w.id === 'preflight')
  const kinds = Object.keys(SERVER_KINDS) as ServerKind[]
  const servers: Running[] = []
  try {
    for (const kind of kinds) servers.push(await startServer(kind))
    const runs = new Map<string, { rps: number[]; cpu: number[]; requests: number; non2xx: number; errors: number }>()
    for (let round = 0; round < rounds; round++) {
      for (const w of workloads) {
        for (let k = 0; k < servers.length; k++) {
          const server = servers[(k + round) % servers.length]!
          const before = await cpuMicros(server.child)
          const result = await autocannon({
            url: `http://127.0.0.1:${server.port}/`,
            method: w.method,
            headers: requestHeaders(w),
            connections,
            duration: seconds,
            maxOverallRequests: 400_000 * seconds,
            timeout: 5,
          })
          const cpu = (await cpuMicros(server.child)) - before
          const key = `${server.kind} ${w.id}`
          const run = runs.get(key) ?? { rps: [], cpu: [], requests: 0, non2xx: 0, errors: 0 }
          const done = result.requests.total
          run.rps.push(done / (result.duration || seconds))
          run.cpu.push(cpu / Math.max(1, done))
          run.requests += done
          run.non2xx += result.non2xx
          run.errors += result.errors + result.timeouts
          runs.set(key, run)
        }
      }
      log(`  HTTP round ${round + 1}/${rounds} done`)
    }
    const rows: HttpRow[] = []
    for (const w of workloads) {
      for (const kind of kinds) {
        const run = runs.get(`${kind} ${w.id}`)!
        rows.push({
          kind,
          label: SERVER_KINDS[kind],
          workload: w.id,
          requests: run.requests,
          rps: median(run.rps),
          cpuMicrosPerRequest: median(run.cpu),
          non2xx: run.non2xx,
          errors: run.errors,
        })
      }
    }
    return { rows, seconds, rounds, connections }
  } finally {
    for (const server of servers) {
      server.child.send('exit')
      setTimeout(() => server.child.kill('SIGKILL'), 2000).unref()
    }
  }
}
