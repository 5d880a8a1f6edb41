/**
 * `--compare` on small made-up runs: which rows it lists, in what order, and what it cannot
 * compare. Nothing here times anything.
 */
import { describe, expect, test } from 'vitest'
import { compareRuns, HTTP_NOISE, renderComparison } from '../src/compare.js'
import type { SuiteResult } from '../src/fetch-suite.js'
import type { HttpRow } from '../src/http-bench.js'
import type { Timing } from '../src/measure.js'
import type { Machine } from '../src/report.js'
import type { Part, SavedRun } from '../src/results.js'
import type { SizeRow } from '../src/size.js'

const machine: Machine = {
  date: '2026-12-01 10:00 UTC',
  cpu: 'test CPU',
  cores: 2,
  memoryGiB: 4,
  os: 'test OS',
  load: '0.0, 0.0, 0.0',
  node: '20.0.0',
  bun: '1.0.0',
  deno: '2.0.0',
  corsa: 'packages at abc1234',
  libraries: {},
}

/** A timing whose quartiles sit `spread` apart, relative to its median. */
const timing = (median: number, spread = 0.02): Timing => ({
  median,
  p25: median * (1 - spread / 2),
  p75: median * (1 + spread / 2),
  calls: 1000,
})

/** A suite from medians: workload → contender → median ns, every timing with the same spread. */
function suite(medians: Record<string, Record<string, number>>, spread = 0.02, runtime = 'Node'): SuiteResult {
  const ids = [...new Set(Object.values(medians).flatMap((byContender) => Object.keys(byContender)))]
  return {
    runtime,
    version: '1.0.0',
    clock: 'process CPU time',
    contenders: ids.map((id) => ({ id, label: id, baseline: 'bare' })),
    workloads: Object.keys(medians).map((id) => ({ id, title: id })),
    timings: Object.fromEntries(
      Object.entries(medians).map(([w, byContender]) => [w, Object.fromEntries(Object.entries(byContender).map(([c, m]) => [c, timing(m, spread)]))]),
    ),
    defects: {},
  }
}

function run(parts: Partial<Omit<SavedRun, 'format' | 'machine' | 'parts'>>): SavedRun {
  const present = (['fetch', 'node', 'frameworks', 'http', 'runtimes', 'size'] as Part[]).filter((p) => p in parts)
  return { format: 1, quick: false, seconds: 1, machine, parts: present, ...parts }
}

const fetchRun = (corsa: number, limit = 100, spread = 0.02) => run({ fetch: suite({ allowed: { limit, corsa } }, spread) })
const names = (list: { after: { name: string } }[]) => list.map((m) => m.after.name)

describe('compare: what is listed', () => {
  test('a ratio that moved by more than the noise of both runs is listed as slower', () => {
    // Noise per run: 2% (corsa) + 2% (limit); the ratio moved from 1.10 to 1.30 (+18%).
    const c = compareRuns(fetchRun(110), fetchRun(130))
    expect(names(c.slower)).toEqual(['corsa · allowed'])
    expect(c.slower[0]!.change).toBeCloseTo(130 / 110 - 1)
    expect(c.slower[0]!.noise).toBeCloseTo(0.08)
    expect(c.faster).toEqual([])
  })

  test('a ratio that moved within the noise is not listed, only counted', () => {
    const c = compareRuns(fetchRun(110), fetchRun(115))
    expect(c.slower).toEqual([])
    expect(c.faster).toEqual([])
    expect(c.withinNoise).toBe(1)
  })

  test("the noise comes from each run's own quartiles: a wide spread absorbs the same move", () => {
    const c = compareRuns(fetchRun(110, 100, 0.1), fetchRun(130, 100, 0.1))
    expect(c.slower).toEqual([])
    expect(c.withinNoise).toBe(1)
  })

  test('a machine twice as slow moves no ratio, so nothing is listed', () => {
    const c = compareRuns(fetchRun(110, 100), fetchRun(220, 200))
    expect(c.slower).toEqual([])
    expect(c.faster).toEqual([])
  })

  test('a ratio that fell beyond noise is listed as faster', () => {
    const c = compareRuns(fetchRun(130), fetchRun(105))
    expect(names(c.faster)).toEqual(['corsa · allowed'])
    expect(c.faster[0]!.change).toBeLessThan(0)
  })

  test("framework contenders are set against their own framework's limit", () => {
    const before = run({ frameworks: suite({ allowed: { 'fastify-limit': 100, 'fastify-corsa': 120, 'koa-limit': 100, 'koa-corsa': 120 } }) })
    // Koa's limit got slower: koa-corsa's ratio fell; Fastify's contenders did not move.
    const after = run({ frameworks: suite({ allowed: { 'fastify-limit': 100, 'fastify-corsa': 120, 'koa-limit': 150, 'koa-corsa': 120 } }) })
    const c = compareRuns(before, after)
    expect(c.slower).toEqual([])
    expect(names(c.faster)).toEqual(['koa-corsa · allowed'])
    expect(c.faster[0]!.after.reference).toBe('koa-limit')
  })

  test('runtimes are compared runtime by runtime', () => {
    const runtimes = (bun: number) => [
      suite({ allowed: { limit: 100, corsa: 110 } }, 0.02, 'Node'),
      suite({ allowed: { limit: 100, corsa: bun } }, 0.02, 'Bun'),
    ]
    const c = compareRuns(run({ runtimes: runtimes(110) }), run({ runtimes: runtimes(140) }))
    expect(names(c.slower)).toEqual(['Bun corsa · allowed'])
    expect(c.withinNoise).toBe(1)
  })

  test(`HTTP rows, which keep no spread, are listed past ${HTTP_NOISE * 100}% of noise per run`, () => {
    const http = (corsa: number, hono: number) => {
      const rows: HttpRow[] = [
        { kind: 'node-bare', label: '', workload: 'allowed', requests: 1, rps: 1, cpuMicrosPerRequest: 10, non2xx: 0, errors: 0 },
        { kind: 'corsa-node', label: '', workload: 'allowed', requests: 1, rps: 1, cpuMicrosPerRequest: corsa, non2xx: 0, errors: 0 },
        { kind: 'hono-node', label: '', workload: 'allowed', requests: 1, rps: 1, cpuMicrosPerRequest: 20, non2xx: 0, errors: 0 },
        { kind: 'hono-node-corsa', label: '', workload: 'allowed', requests: 1, rps: 1, cpuMicrosPerRequest: hono, non2xx: 0, errors: 0 },
      ]
      return run({ http: { rows, seconds: 1, rounds: 1, connections: 1 } })
    }
    // corsa-node +30% against node-bare: listed; hono-node-corsa +15% against hono-node: within 2 × 10%.
    const c = compareRuns(http(11, 22), http(14.3, 25.3))
    expect(names(c.slower)).toEqual(['corsa-node · allowed'])
    expect(c.withinNoise).toBe(1)
  })

  test('a bundle whose size changed is listed, the largest growth first', () => {
    const size = (core: number, node: number): SizeRow[] => [
      { library: '@corsa/core', entry: 'withCors', note: '', minified: core * 2, gzipped: core },
      { library: '@corsa/node', entry: 'cors', note: '', minified: node * 2, gzipped: node },
      { library: 'cors', entry: 'cors', note: '', minified: 2000, gzipped: 1000 },
    ]
    const c = compareRuns(run({ size: size(1000, 1200) }), run({ size: size(1010, 1300) }))
    expect(c.sizes.map((s) => s.after.library)).toEqual(['@corsa/node', '@corsa/core'])
  })
})

describe('compare: what cannot be compared', () => {
  test('rows only one run has are named as such, not compared', () => {
    const before = run({ fetch: suite({ allowed: { limit: 100, corsa: 110, gone: 300 } }) })
    const after = run({ fetch: suite({ allowed: { limit: 100, corsa: 110, added: 200 } }) })
    const c = compareRuns(before, after)
    expect(c.missingAfter.map((f) => f.name)).toEqual(['gone · allowed'])
    expect(c.missingBefore.map((f) => f.name)).toEqual(['added · allowed'])
    expect(c.withinNoise).toBe(1)
    const text = renderComparison(c, before, after, 'saved.json', 'this run')
    expect(text).toContain('Only in the saved run (1 rows, not compared): fetch gone · allowed')
    expect(text).toContain('New in this run (1 rows, not compared): fetch added · allowed')
  })

  test('a part only one run has is named, and its rows are not counted as missing', () => {
    const node = suite({ allowed: { 'node-limit': 100, 'corsa-node': 110 } })
    const before = run({ fetch: suite({ allowed: { limit: 100, corsa: 110 } }), node })
    const after = fetchRun(110)
    const c = compareRuns(before, after)
    expect(c.parts).toEqual(['fetch'])
    expect(c.onlyInBefore).toEqual(['node'])
    expect(c.missingAfter).toEqual([])
    expect(renderComparison(c, before, after, 'saved.json', 'this run')).toContain('Parts compared: fetch. Only in the saved run: node.')
  })

  test("a limit missing from a run leaves its contenders' rows out rather than dividing by nothing", () => {
    const c = compareRuns(run({ fetch: suite({ allowed: { corsa: 110 } }) }), fetchRun(110))
    expect(c.withinNoise).toBe(0)
    expect(c.missingBefore.map((f) => f.name)).toEqual(['corsa · allowed'])
  })

  test('comparing a quick run with a full one says so', () => {
    const c = compareRuns(fetchRun(110), { ...fetchRun(110), quick: true })
    expect(c.notes.join(' ')).toContain('a full run and this one quick')
  })
})

describe('compare: the printed report', () => {
  const before = run({ fetch: suite({ allowed: { limit: 100, a: 100, b: 100, c: 100, d: 100 } }) })
  const after = run({ fetch: suite({ allowed: { limit: 100, a: 80, b: 130, c: 150, d: 101 } }) })
  const text = renderComparison(compareRuns(before, after), before, after, 'saved.json', 'this run')

  test('slower rows come before faster ones, each list largest move first', () => {
    const at = (s: string) => text.indexOf(s)
    expect(at('▲ SLOWER beyond noise: 2 of 4 rows')).toBeGreaterThan(-1)
    expect(at('c · allowed')).toBeLessThan(at('b · allowed'))
    expect(at('b · allowed')).toBeLessThan(at('▼ faster beyond noise: 1 of 4 rows'))
    expect(at('▼ faster')).toBeLessThan(at('a · allowed'))
    expect(text).not.toContain('d · allowed')
  })

  test("each listed row shows the ratios, the move, the noise it beat, and its own and its limit's medians", () => {
    const line = text.split('\n').find((l) => l.includes('c · allowed'))!
    expect(line).toMatch(/1\.00× → 1\.50× limit\s+\+50\.0%\s+±8\.0%\s+100 ns → 150 ns\s+\+50\.0%\s+100 ns → 100 ns\s+\+0\.0%$/)
  })

  test('the report says how noise is defined', () => {
    expect(text).toContain('Noise: A ratio')
    expect(text).toContain('(p75 − p25) / median')
  })

  test('nothing moved is said in so many words', () => {
    expect(renderComparison(compareRuns(before, before), before, before, 'a', 'b')).toContain('No ratio moved beyond noise (4 rows compared).')
  })
})
