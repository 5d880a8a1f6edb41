/**
 * `--compare`: this run against a saved one (results.ts). Every contender × workload ratio to
 * its limit is set against the same ratio in the saved run, and the rows whose ratio moved by
 * more than the two runs' noise are listed, slower first. A report, never a failure.
 */
import type { SuiteResult } from './fetch-suite.js'
import type { Timing } from './measure.js'
import { fetchLimit, frameworkLimit, httpBaseline } from './references.js'
import { PARTS, type Part, type SavedRun } from './results.js'
import type { SizeRow } from './size.js'

/** The noise assumed for an HTTP row in one run: the run keeps only the median over its rounds. */
export const HTTP_NOISE = 0.1

/** How a row's noise is found and when it is listed: printed with every comparison and in docs/benchmarks.md. */
export const NOISE_RULE =
  "A ratio's noise in one run is the spread of the samples behind it: (p75 − p25) / median of the contender plus the same of its limit, both measured interleaved in that run. " +
  'A row is listed when its ratio moved by more than the noise of the two runs added together, that is when the two ranges ratio ± noise no longer overlap; medians are shown beside it, but only the ratio decides ' +
  `(a busy machine slows a contender and its limit alike). HTTP rows keep only a median over rounds, so ${HTTP_NOISE * 100}% per run is assumed there; bundle sizes are exact, and any change is listed.`

/** One contender × workload of one run: its median, its ratio to its limit, and that ratio's noise. */
export interface Figure {
  part: Part
  /** Unique within a run: part, runtime (runtimes only), contender, workload. */
  key: string
  /** What the row is, for people: `corsa · allowed`, `Bun corsa · allowed`. */
  name: string
  reference: string
  /** Median nanoseconds per call, or server CPU µs per request (HTTP). */
  value: number
  /** The same for the reference. */
  referenceValue: number
  unit: 'ns' | 'µs CPU'
  ratio: number
  /** Relative noise of `ratio` in this run (see {@link NOISE_RULE}). */
  noise: number
}

/** A row whose ratio moved by more than the noise of both runs. */
export interface Moved {
  before: Figure
  after: Figure
  /** after.ratio / before.ratio − 1: above 0 is slower. */
  change: number
  /** before.noise + after.noise: the move it had to exceed. */
  noise: number
}

export interface SizeChange {
  before: SizeRow
  after: SizeRow
}

export interface Comparison {
  /** Parts measured in both runs: only their rows are compared. */
  parts: Part[]
  /** Parts only the saved run has (not run this time, or failed). */
  onlyInBefore: Part[]
  /** Parts only this run has. */
  onlyInAfter: Part[]
  /** Slower beyond noise, the largest move first. */
  slower: Moved[]
  /** Faster beyond noise, the largest move first. */
  faster: Moved[]
  /** Rows compared whose move stayed within noise. */
  withinNoise: number
  /** Rows of a compared part that only one run has (a contender added or removed, a runtime that failed). */
  missingAfter: Figure[]
  missingBefore: Figure[]
  /** Bundles whose gzipped or minified size changed, bigger first. */
  sizes: SizeChange[]
  /** What differs between the two runs themselves (quick or full, runtime versions). */
  notes: string[]
}

/** (p75 − p25) / median of one bench. */
const spread = (t: Timing) => (t.median > 0 ? (t.p75 - t.p25) / t.median : 0)

function suiteFigures(part: Part, suite: SuiteResult, referenceOf: (id: string) => string | undefined, prefix = ''): Figure[] {
  const out: Figure[] = []
  const ids = suite.contenders.map((c) => c.id)
  for (const w of suite.workloads) {
    const timings = suite.timings[w.id] ?? {}
    for (const id of ids) {
      const reference = referenceOf(id)
      const own = timings[id]
      const ref = reference === undefined ? undefined : timings[reference]
      if (reference === undefined || reference === id || !own || !ref || !(ref.median > 0)) continue
      out.push({
        part,
        key: `${part} ${prefix}${id} ${w.id}`,
        name: `${prefix}${id} · ${w.id}`,
        reference,
        value: own.median,
        referenceValue: ref.median,
        unit: 'ns',
        ratio: own.median / ref.median,
        noise: spread(own) + spread(ref),
      })
    }
  }
  return out
}

/** Every ratio row of a run, by key. */
export function figures(run: SavedRun): Map<string, Figure> {
  const out: Figure[] = []
  if (run.fetch) {
    const ids = run.fetch.contenders.map((c) => c.id)
    out.push(...suiteFigures('fetch', run.fetch, (id) => fetchLimit(id, ids)))
  }
  if (run.node) out.push(...suiteFigures('node', run.node, () => 'node-limit'))
  if (run.frameworks) {
    const ids = run.frameworks.contenders.map((c) => c.id)
    out.push(...suiteFigures('frameworks', run.frameworks, (id) => frameworkLimit(id, ids)))
  }
  for (const suite of run.runtimes ?? []) out.push(...suiteFigures('runtimes', suite, () => 'limit', `${suite.runtime} `))
  const rows = run.http?.rows ?? []
  for (const row of rows) {
    const reference = httpBaseline(row.kind)
    const base = rows.find((r) => r.kind === reference && r.workload === row.workload)
    if (row.kind === reference || !base || !(base.cpuMicrosPerRequest > 0)) continue
    out.push({
      part: 'http',
      key: `http ${row.kind} ${row.workload}`,
      name: `${row.kind} · ${row.workload}`,
      reference,
      value: row.cpuMicrosPerRequest,
      referenceValue: base.cpuMicrosPerRequest,
      unit: 'µs CPU',
      ratio: row.cpuMicrosPerRequest / base.cpuMicrosPerRequest,
      noise: HTTP_NOISE,
    })
  }
  return new Map(out.map((f) => [f.key, f]))
}

/** The parts a run has results for (asked for and not failed). */
export function partsIn(run: SavedRun): Part[] {
  const has: Record<Part, boolean> = {
    fetch: !!run.fetch,
    node: !!run.node,
    frameworks: !!run.frameworks,
    http: !!run.http?.rows.length,
    runtimes: !!run.runtimes?.length,
    size: !!run.size?.length,
  }
  return PARTS.filter((p) => has[p])
}

const sizeKey = (s: SizeRow) => `${s.library} ${s.entry}`

function runtimeVersions(run: SavedRun): Map<string, string> {
  const out = new Map<string, string>()
  for (const suite of [run.fetch, ...(run.runtimes ?? [])]) if (suite) out.set(suite.runtime, suite.version)
  return out
}

export function compareRuns(before: SavedRun, after: SavedRun): Comparison {
  const inBefore = partsIn(before)
  const inAfter = partsIn(after)
  const parts = inBefore.filter((p) => inAfter.includes(p))
  const a = figures(before)
  const b = figures(after)
  const slower: Moved[] = []
  const faster: Moved[] = []
  let withinNoise = 0
  const missingAfter: Figure[] = []
  const missingBefore: Figure[] = []
  for (const [key, old] of a) {
    if (!parts.includes(old.part)) continue
    const now = b.get(key)
    if (!now) {
      missingAfter.push(old)
      continue
    }
    const change = now.ratio / old.ratio - 1
    const noise = old.noise + now.noise
    if (Math.abs(change) <= noise) withinNoise++
    else (change > 0 ? slower : faster).push({ before: old, after: now, change, noise })
  }
  for (const [key, now] of b) if (parts.includes(now.part) && !a.has(key)) missingBefore.push(now)
  slower.sort((x, y) => y.change - x.change)
  faster.sort((x, y) => x.change - y.change)

  const sizes: SizeChange[] = []
  if (parts.includes('size')) {
    const old = new Map((before.size ?? []).map((s) => [sizeKey(s), s]))
    for (const now of after.size ?? []) {
      const was = old.get(sizeKey(now))
      if (was && (was.gzipped !== now.gzipped || was.minified !== now.minified)) sizes.push({ before: was, after: now })
    }
    sizes.sort((x, y) => y.after.gzipped - y.before.gzipped - (x.after.gzipped - x.before.gzipped))
  }

  const notes: string[] = []
  if (before.quick !== after.quick) {
    notes.push(
      `The saved run is ${before.quick ? 'a quick' : 'a full'} run and this one ${after.quick ? 'quick' : 'full'}: a quick run's noise is larger, and its ratios can sit apart from a full run's.`,
    )
  }
  const va = runtimeVersions(before)
  for (const [runtime, version] of runtimeVersions(after)) {
    const was = va.get(runtime)
    if (was && was !== version) notes.push(`${runtime} changed: ${was} → ${version}.`)
  }
  return {
    parts,
    onlyInBefore: inBefore.filter((p) => !parts.includes(p)),
    onlyInAfter: inAfter.filter((p) => !parts.includes(p)),
    slower,
    faster,
    withinNoise,
    missingAfter,
    missingBefore,
    sizes,
    notes,
  }
}

const num = (value: number, unit: Figure['unit']) =>
  unit === 'µs CPU' ? `${value.toFixed(1)} µs` : value >= 10_000 ? `${(value / 1000).toFixed(1)} µs` : `${Math.round(value)} ns`
const pct = (value: number) => `${value >= 0 ? '+' : '−'}${Math.abs(value * 100).toFixed(1)}%`

/** Left-aligned columns, two spaces apart. */
function columns(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)))
  return rows.map((r) => `  ${r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')}`.trimEnd())
}

function movedTable(list: Moved[]): string[] {
  return columns([
    ['part', 'row', 'ratio to its limit', 'moved', 'noise', 'median', '', "its limit's median", ''],
    ...list.map((m) => [
      m.after.part,
      m.after.name,
      `${m.before.ratio.toFixed(2)}× → ${m.after.ratio.toFixed(2)}× ${m.after.reference}`,
      pct(m.change),
      `±${(m.noise * 100).toFixed(1)}%`,
      `${num(m.before.value, m.before.unit)} → ${num(m.after.value, m.after.unit)}`,
      pct(m.after.value / m.before.value - 1),
      `${num(m.before.referenceValue, m.before.unit)} → ${num(m.after.referenceValue, m.after.unit)}`,
      pct(m.after.referenceValue / m.before.referenceValue - 1),
    ]),
  ])
}

/** Names a few rows, and how many more there are. */
function some(list: Figure[], max = 12): string {
  const names = list.slice(0, max).map((f) => `${f.part} ${f.name}`)
  return list.length > max ? `${names.join(', ')} and ${list.length - max} more` : names.join(', ')
}

/** Describes a saved run in a few words: when, quick or full, the code measured. */
function describe(run: SavedRun): string {
  return `${run.quick ? 'quick' : 'full'} run of ${run.machine?.date ?? 'unknown date'} (${run.machine?.corsa ?? 'code unknown'})`
}

/** The comparison as text for a terminal: what moved, slower first, then what could not be compared. */
export function renderComparison(c: Comparison, before: SavedRun, after: SavedRun, beforeName: string, afterName: string): string {
  const out: string[] = []
  out.push(`Comparison: ${afterName}, ${describe(after)}`, `  against ${beforeName}, ${describe(before)}.`)
  out.push(
    c.parts.length
      ? `Parts compared: ${c.parts.join(', ')}.${c.onlyInBefore.length ? ` Only in the saved run: ${c.onlyInBefore.join(', ')}.` : ''}${c.onlyInAfter.length ? ` Not in the saved run: ${c.onlyInAfter.join(', ')}.` : ''}`
      : 'The two runs have no part in common: nothing to compare.',
  )
  out.push(...c.notes)
  out.push(`Noise: ${NOISE_RULE}`, '')
  const compared = c.slower.length + c.faster.length + c.withinNoise
  if (c.slower.length) out.push(`▲ SLOWER beyond noise: ${c.slower.length} of ${compared} rows, largest move first`, ...movedTable(c.slower), '')
  if (c.faster.length) out.push(`▼ faster beyond noise: ${c.faster.length} of ${compared} rows, largest move first`, ...movedTable(c.faster), '')
  if (c.parts.length) {
    out.push(
      c.slower.length || c.faster.length
        ? `Within noise: ${c.withinNoise} of ${compared} rows.`
        : `No ratio moved beyond noise (${compared} rows compared).`,
    )
  }
  for (const s of c.sizes) {
    const delta = s.after.gzipped - s.before.gzipped
    out.push(
      `${delta > 0 ? '▲ BIGGER' : delta < 0 ? '▼ smaller' : '~ same gzipped'} bundle: ${s.after.library} \`${s.after.entry}\` ${s.before.gzipped} → ${s.after.gzipped} B gzipped, ${s.before.minified} → ${s.after.minified} B minified`,
    )
  }
  if (c.missingAfter.length) out.push(`Only in the saved run (${c.missingAfter.length} rows, not compared): ${some(c.missingAfter)}.`)
  if (c.missingBefore.length) out.push(`New in this run (${c.missingBefore.length} rows, not compared): ${some(c.missingBefore)}.`)
  return out.join('\n')
}
