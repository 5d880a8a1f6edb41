/** The saved results file and the command line around it (nothing here times anything). */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { parseArgs } from '../src/args.js'
import type { Machine } from '../src/report.js'
import { readRun, type SavedRun, serializeRun } from '../src/results.js'

const machine = {
  date: 'd',
  cpu: 'c',
  cores: 2,
  memoryGiB: 4,
  os: 'o',
  load: 'l',
  node: 'n',
  bun: 'b',
  deno: 'd',
  corsa: 'x',
  libraries: {},
} satisfies Machine
const saved: SavedRun = {
  format: 1,
  quick: true,
  parts: ['fetch'],
  seconds: 12,
  machine,
  fetch: {
    runtime: 'Node',
    version: '20.0.0',
    clock: 'process CPU time',
    contenders: [{ id: 'limit', label: 'limit', baseline: 'bare' }],
    workloads: [{ id: 'allowed', title: 'allowed' }],
    timings: { allowed: { limit: { median: 123.456789, p25: 120.00001, p75: 130, calls: 4096 } } },
    defects: { limit: { allowed: [] } },
  },
}
const dir = mkdtempSync(join(tmpdir(), 'corsa-bench-results-'))

describe('saved results', () => {
  test('a saved run reads back as written, numbers kept to 5 significant digits', () => {
    const path = join(dir, 'run.json')
    writeFileSync(path, serializeRun(saved))
    const back = readRun(path)
    expect(back.fetch!.timings.allowed!.limit).toEqual({ median: 123.46, p25: 120, p75: 130, calls: 4096 })
    expect({ ...back, fetch: undefined }).toEqual({ ...saved, fetch: undefined })
  })

  test('each timing sits on one line, so a diff of two runs shows one line per bench', () => {
    expect(serializeRun(saved)).toContain('"limit": { "median": 123.46, "p25": 120, "p75": 130, "calls": 4096 }')
  })

  test('a file that is not a saved run is refused with its path in the message', () => {
    const path = join(dir, 'other.json')
    writeFileSync(path, '{"name": "something else"}')
    expect(() => readRun(path)).toThrow(`${path} is not a saved benchmark run`)
    expect(() => readRun(join(dir, 'absent.json'))).toThrow('cannot read a saved run')
  })
})

describe('command line', () => {
  const parse = (...argv: string[]) => parseArgs(argv, '/default/latest.json')

  test('with no argument every part runs, in full', () => {
    expect(parse()).toEqual({ quick: false, parts: ['fetch', 'node', 'frameworks', 'http', 'runtimes', 'size'], partial: false })
  })

  test('--only keeps the named parts in run order and marks the run partial', () => {
    expect(parse('--quick', '--only=size,fetch')).toMatchObject({ quick: true, parts: ['fetch', 'size'], partial: true })
  })

  test('--only refuses a part it does not know', () => {
    expect(() => parse('--only=fetch,nope')).toThrow('unknown: nope')
  })

  test('--compare without a file compares with the committed run', () => {
    expect(parse('--compare', '--quick').compare).toBe('/default/latest.json')
    expect(parse('--compare', 'before.json').compare).toBe('before.json')
    expect(parse('--compare=before.json').compare).toBe('before.json')
  })

  test('--save needs a file', () => {
    expect(parse('--save', 'out.json').save).toBe('out.json')
    expect(() => parse('--save', '--quick')).toThrow('--save needs a file')
  })

  test('--against needs --compare, the run it is set against', () => {
    expect(() => parse('--against', 'b.json')).toThrow('give --compare <file> too')
    expect(parse('--compare', 'a.json', '--against', 'b.json')).toMatchObject({ compare: 'a.json', against: 'b.json' })
  })

  test('an unknown argument is refused', () => {
    expect(() => parse('--fast')).toThrow('unknown argument: --fast')
  })
})
