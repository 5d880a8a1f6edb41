/** The measuring and sizing plumbing works (it reports; nothing here asserts a speed). */
import { describe, expect, test } from 'vitest'
import { interleaved } from '../src/measure.js'
import { measureSizes } from '../src/size.js'

describe('harness', () => {
  test('interleaved measuring reports every bench, with its median between its quartiles', async () => {
    let a = 0
    let b = 0
    const timings = await interleaved(
      [
        { id: 'a', fn: () => (a += 1) },
        { id: 'b', fn: async () => (b += 1) },
      ],
      { rounds: 2, sliceMs: 2, warmup: 100 },
    )
    expect([...timings.keys()]).toEqual(['a', 'b'])
    for (const t of timings.values()) {
      expect(t.calls).toBeGreaterThan(0)
      expect(t.p25).toBeLessThanOrEqual(t.median)
      expect(t.median).toBeLessThanOrEqual(t.p75)
    }
    expect(a).toBeGreaterThan(100)
    expect(b).toBeGreaterThan(100)
  })

  test("every library's CORS path bundles, and gzip makes each smaller", async () => {
    const rows = await measureSizes()
    expect(rows.map((r) => r.library)).toEqual(
      expect.arrayContaining(['@corsa/core', '@corsa/node', 'cors', 'hono', 'itty-router', 'h3', '@whatwg-node/server', '@elysiajs/cors']),
    )
    for (const row of rows) {
      expect(row.minified, row.entry).toBeGreaterThan(200)
      expect(row.gzipped, row.entry).toBeLessThan(row.minified)
    }
  })
})
