/** Runs fetch-level contenders over the workloads: checks once, then interleaved timings. */
import { checkFetch } from './checks.js'
import type { Contender } from './core-contenders.js'
import type { HostileRow } from './hostile.js'
import { clock, interleaved, type MeasureOptions, type Timing } from './measure.js'
import { makeHandler, makeRequest, type Workload } from './workloads.js'

export interface SuiteResult {
  runtime: string
  version: string
  clock: string
  contenders: { id: string; label: string; baseline: string }[]
  workloads: { id: string; title: string }[]
  /** workload id → contender id → timing */
  timings: Record<string, Record<string, Timing>>
  /** contender id → workload id → defects (contenders with CORS only) */
  defects: Record<string, Record<string, string[]>>
  /** The hostile requests (hostile.ts), in a fetch run of every contender. */
  hostile?: HostileRow[]
}

export function runtimeName(): { runtime: string; version: string } {
  const g = globalThis as { Bun?: { version: string }; Deno?: { version: { deno: string } }; process?: { version: string } }
  if (g.Bun) return { runtime: 'Bun', version: g.Bun.version }
  if (g.Deno) return { runtime: 'Deno', version: g.Deno.version.deno }
  return { runtime: 'Node', version: g.process!.version.slice(1) }
}

export async function runSuite(
  contenders: Contender[],
  workloads: Workload[],
  options: MeasureOptions,
  log: (line: string) => void,
): Promise<SuiteResult> {
  const result: SuiteResult = {
    ...runtimeName(),
    clock: clock.name,
    contenders: contenders.map(({ id, label, baseline }) => ({ id, label, baseline })),
    workloads: workloads.map(({ id, title }) => ({ id, title })),
    timings: {},
    defects: {},
  }
  for (const c of contenders) {
    if (c.baseline === c.id) continue
    result.defects[c.id] = {}
    for (const w of workloads) result.defects[c.id]![w.id] = await checkFetch(c, w)
  }
  // All workloads' benches in one interleaved run: a busy moment of the machine then falls on
  // every workload alike, so workloads compare with each other as fairly as contenders do.
  const handler = makeHandler()
  const benches = workloads.flatMap((w) =>
    contenders.map((c) => {
      const fn = c.build(w, handler)
      const request = makeRequest(w)
      return { id: `${w.id}\t${c.id}`, fn: () => fn(request) }
    }),
  )
  const started = Date.now()
  const timings = await interleaved(benches, options)
  for (const [id, timing] of timings) {
    const [w, c] = id.split('\t') as [string, string]
    ;(result.timings[w] ??= {})[c] = timing
  }
  log(`  ${result.runtime}: ${benches.length} benches in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  return result
}

export function measureOptions(quick: boolean): MeasureOptions {
  // Many short rounds rather than a few long ones: a busy moment of this shared machine then falls on one slice of many.
  return quick ? { rounds: 2, sliceMs: 10, warmup: 500 } : { rounds: 12, sliceMs: 30, warmup: 5000 }
}
