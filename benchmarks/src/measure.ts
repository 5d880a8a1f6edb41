/**
 * Interleaved measurement with mitata: every bench (all contenders of all workloads) is measured
 * in short slices, round after round in a shuffled order, so that a slow moment of this shared
 * machine hits all of them alike. The result is the median over all slices' samples.
 */
import { measure } from 'mitata'

export interface Bench {
  id: string
  fn: () => unknown
}

export interface Timing {
  /** Median nanoseconds per call. */
  median: number
  p25: number
  p75: number
  /** Calls measured. */
  calls: number
}

export interface MeasureOptions {
  rounds: number
  /** Milliseconds of measuring per contender per round. */
  sliceMs: number
  /** Calls made to each function before the first round. */
  warmup: number
}

const g = globalThis as { gc?: () => void; Bun?: { gc(force: boolean): void } }
/** A real collector between slices, never mitata's fallback (which allocates a gigabyte). */
const collect: () => void = g.gc ? () => g.gc!() : g.Bun ? () => g.Bun!.gc(true) : () => {}

const proc = (globalThis as { process?: { cpuUsage?(): { user: number; system: number } } }).process
/**
 * The clock: this process's CPU time (user + system, in ns) where the runtime reports it, so
 * that time spent descheduled on this shared 2-core machine is not counted; else wall time.
 */
export const clock: { name: string; now?: () => number } = proc?.cpuUsage
  ? {
      name: 'process CPU time',
      now: () => {
        const u = proc.cpuUsage!()
        return (u.user + u.system) * 1000
      },
    }
  : { name: 'wall time' }

/** The benches in an order that changes every round (a seeded shuffle: the same in every run). */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items]
  let state = seed * 2654435761
  for (let i = out.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0
    const j = state % (i + 1)
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

/** How long one sample lasts: long enough to carry its share of garbage collection and of the machine's interference. */
const SAMPLE_NS = 5e6

export async function interleaved(benches: Bench[], options: MeasureOptions): Promise<Map<string, Timing>> {
  const samples = new Map<string, number[]>(benches.map((b) => [b.id, []]))
  const calls = new Map<string, number>(benches.map((b) => [b.id, 0]))
  // Warm up, and size each batch so that one sample is about 2 ms: long enough for a
  // microsecond clock and to hold its share of garbage collection, short enough for many
  // samples per slice.
  const batch = new Map<string, number>()
  for (const bench of benches) {
    const t0 = performance.now()
    for (let i = 0; i < options.warmup; i++) {
      const r = bench.fn()
      if (r instanceof Promise) await r
    }
    const perCall = ((performance.now() - t0) * 1e6) / options.warmup
    batch.set(bench.id, Math.max(16, Math.min(32768, Math.round(SAMPLE_NS / perCall / 4) * 4)))
  }
  for (let round = 0; round < options.rounds; round++) {
    // One full collection per round, not per slice: on a big heap each costs tens of ms.
    collect()
    for (const bench of shuffled(benches, round + 1)) {
      const stats = await measure(bench.fn, {
        min_cpu_time: options.sliceMs * 1e6,
        min_samples: 4,
        warmup_samples: 1,
        // Always batch (mitata would not for a function whose first call was slow).
        warmup_threshold: Infinity,
        batch_threshold: Infinity,
        batch_samples: batch.get(bench.id)!,
        gc: false as unknown as () => void,
        ...(clock.now && { now: clock.now }),
      })
      samples.get(bench.id)!.push(...stats.samples)
      calls.set(bench.id, calls.get(bench.id)! + stats.ticks)
    }
  }
  const result = new Map<string, Timing>()
  for (const [id, list] of samples) {
    list.sort((a, b) => a - b)
    const at = (q: number) => list[Math.floor(q * (list.length - 1))]!
    result.set(id, { median: at(0.5), p25: at(0.25), p75: at(0.75), calls: calls.get(id)! })
  }
  return result
}
