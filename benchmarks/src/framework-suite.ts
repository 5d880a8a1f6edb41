/** Fastify, Koa and Lambda contenders over the workloads: checks once, then interleaved timings. */
import { ServerResponse } from 'node:http'
import { defects, type Seen } from './checks.js'
import type { SuiteResult } from './fetch-suite.js'
import { type FrameworkContender, restEvent, type Run } from './framework-contenders.js'
import { clock, interleaved, type MeasureOptions } from './measure.js'
import { makeIncoming } from './node-suite.js'
import type { Workload } from './workloads.js'

/** One request through a contender, as the checks see its response. */
async function once(run: Run, w: Workload): Promise<Omit<Seen, 'handlerCalls'>> {
  if (run.kind === 'lambda') {
    const result = await run.fn(restEvent(w))
    const headers = new Headers()
    for (const [name, value] of Object.entries(result.headers ?? {})) headers.append(name, String(value))
    for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) for (const value of values) headers.append(name, String(value))
    return { status: result.statusCode, headers, body: result.body ?? '' }
  }
  const req = makeIncoming(w)
  const res = new ServerResponse(req)
  let body = ''
  const write = res.write.bind(res) as (chunk: unknown, ...rest: unknown[]) => boolean
  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    if (typeof chunk === 'string' || chunk instanceof Uint8Array) body += Buffer.from(chunk as string).toString()
    return write(chunk, ...rest)
  }) as ServerResponse['write']
  const end = res.end.bind(res) as (chunk?: unknown, ...rest: unknown[]) => ServerResponse
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    if (typeof chunk === 'string' || chunk instanceof Uint8Array) body += Buffer.from(chunk as string).toString()
    return end(chunk, ...rest)
  }) as ServerResponse['end']
  await run.fn(req, res)
  // The head as it goes on the wire.
  const head = ((res as unknown as { _header?: string })._header ?? '').split('\r\n')
  const headers = new Headers()
  for (const line of head.slice(1)) {
    const colon = line.indexOf(':')
    if (colon > 0) headers.append(line.slice(0, colon), line.slice(colon + 1).trim())
  }
  return { status: Number(head[0]!.split(' ')[1]), headers, body }
}

/** Sends the workload's request once through a contender (200 and 404) and returns its defects. */
export async function checkFramework(contender: FrameworkContender, w: Workload): Promise<string[]> {
  const found = new Set<string>()
  for (const status of [200, 404]) {
    let calls = 0
    const run = await contender.build(w, { status, body: 'hello', onCall: () => calls++ })
    const seen = { ...(await once(run, w)), handlerCalls: calls }
    for (const defect of defects(w, seen, status, true)) found.add(defect)
  }
  return [...found]
}

export async function runFrameworkSuite(
  contenders: FrameworkContender[],
  workloads: Workload[],
  options: MeasureOptions,
  log: (line: string) => void,
): Promise<SuiteResult> {
  const result: SuiteResult = {
    runtime: 'Node',
    version: process.version.slice(1),
    clock: clock.name,
    contenders: contenders.map(({ id, label, baseline }) => ({ id, label, baseline })),
    workloads: workloads.map(({ id, title }) => ({ id, title })),
    timings: {},
    defects: {},
  }
  for (const c of contenders) {
    if (c.id === c.baseline) continue
    result.defects[c.id] = {}
    for (const w of workloads) result.defects[c.id]![w.id] = await checkFramework(c, w)
  }
  const benches = []
  for (const w of workloads) {
    for (const c of contenders) {
      const run = await c.build(w, { status: 200, body: '' })
      const req = makeIncoming(w)
      const event = restEvent(w)
      // A fresh response per call, as the server makes one per request.
      const fn = run.kind === 'lambda' ? () => run.fn(event) : () => run.fn(req, new ServerResponse(req))
      benches.push({ id: `${w.id}\t${c.id}`, fn })
    }
  }
  const started = Date.now()
  for (const [id, timing] of await interleaved(benches, options)) {
    const [w, c] = id.split('\t') as [string, string]
    ;(result.timings[w] ??= {})[c] = timing
  }
  log(`  Fastify, Koa, Lambda: ${benches.length} benches in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  return result
}
