/** Node middleware contenders over the workloads: checks once, then interleaved timings. */
import { IncomingMessage, ServerResponse } from 'node:http'
import { Socket } from 'node:net'
import { defects, type Seen } from './checks.js'
import { clock, interleaved, type MeasureOptions } from './measure.js'
import type { SuiteResult } from './fetch-suite.js'
import { makeListener, type NodeContender } from './node-contenders.js'
import { requestHeaders, type Workload } from './workloads.js'

/** An `IncomingMessage` as Node's server builds it, on a socket that is never connected. */
export function makeIncoming(w: Workload): IncomingMessage {
  const req = new IncomingMessage(new Socket())
  req.method = w.method
  req.url = '/'
  req.headers = requestHeaders(w)
  return req
}

/** Runs the workload's request once through a Node contender (200 and 404) and returns its defects. */
export function checkNode(contender: NodeContender, w: Workload): string[] {
  const found = new Set<string>()
  for (const status of [200, 404]) {
    let calls = 0
    const listener = contender.build(w, makeListener({ status, body: 'hello', onCall: () => calls++ }))
    const req = makeIncoming(w)
    const res = new ServerResponse(req)
    let body = ''
    const end = res.end.bind(res) as (chunk?: unknown) => ServerResponse
    res.end = ((chunk?: unknown) => {
      if (typeof chunk === 'string') body += chunk
      return end(chunk)
    }) as ServerResponse['end']
    listener(req, res)
    // The head as it goes on the wire: headers passed to writeHead() are not in getHeaders().
    const head = ((res as unknown as { _header?: string })._header ?? '').split('\r\n')
    const headers = new Headers()
    for (const line of head.slice(1)) {
      const colon = line.indexOf(':')
      if (colon > 0) headers.append(line.slice(0, colon), line.slice(colon + 1).trim())
    }
    const status_ = Number(head[0]!.split(' ')[1])
    const seen: Seen = { status: status_, headers, body, handlerCalls: calls }
    for (const defect of defects(w, seen, status, true)) found.add(defect)
  }
  return [...found]
}

export async function runNodeSuite(
  contenders: NodeContender[],
  workloads: Workload[],
  options: MeasureOptions,
  log: (line: string) => void,
): Promise<SuiteResult> {
  const result: SuiteResult = {
    runtime: 'Node',
    version: process.version.slice(1),
    clock: clock.name,
    contenders: contenders.map(({ id, label }) => ({ id, label, baseline: 'node-bare' })),
    workloads: workloads.map(({ id, title }) => ({ id, title })),
    timings: {},
    defects: {},
  }
  for (const c of contenders) {
    if (c.id === 'node-bare') continue
    result.defects[c.id] = {}
    for (const w of workloads) result.defects[c.id]![w.id] = checkNode(c, w)
  }
  const listener = makeListener({ body: 'hello' })
  // All workloads' benches in one interleaved run (see fetch-suite.ts).
  const benches = workloads.flatMap((w) =>
    contenders.map((c) => {
      const fn = c.build(w, listener)
      const req = makeIncoming(w)
      // A fresh response per call, as the server makes one per request.
      return {
        id: `${w.id}\t${c.id}`,
        fn: () => {
          const res = new ServerResponse(req)
          fn(req, res)
          return res
        },
      }
    }),
  )
  const started = Date.now()
  for (const [id, timing] of await interleaved(benches, options)) {
    const [w, c] = id.split('\t') as [string, string]
    ;(result.timings[w] ??= {})[c] = timing
  }
  log(`  Node middleware: ${benches.length} benches in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  return result
}
