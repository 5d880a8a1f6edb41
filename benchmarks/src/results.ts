/**
 * A run's full results as a JSON file: benchmarks/results/latest.json next to
 * docs/benchmarks.md (written by every run of all parts), or any file given to `--save`.
 * `--compare` reads one back (compare.ts).
 */
import { readFileSync } from 'node:fs'
import type { SuiteResult } from './fetch-suite.js'
import type { HttpRow } from './http-bench.js'
import type { Machine } from './report.js'
import type { SizeRow } from './size.js'

/** The parts of a run, as `--only=` names them. */
export const PARTS = ['fetch', 'node', 'frameworks', 'http', 'runtimes', 'size'] as const
export type Part = (typeof PARTS)[number]

/** The HTTP level's rows and how they were driven. */
export interface HttpResult {
  rows: HttpRow[]
  seconds: number
  rounds: number
  connections: number
}

/** Everything one run measured; a part it did not run (or that failed) is absent. */
export interface SavedRun {
  /** The layout of this file; bumped when it changes incompatibly. */
  format: 1
  quick: boolean
  /** The parts asked for (`--only`, else all). */
  parts: Part[]
  /** Wall time of the whole run. */
  seconds: number
  machine: Machine
  fetch?: SuiteResult
  node?: SuiteResult
  frameworks?: SuiteResult
  runtimes?: SuiteResult[]
  http?: HttpResult
  size?: SizeRow[]
}

/**
 * The run as JSON for a committed file: numbers to 5 significant digits, and every innermost
 * object or array (a timing, a list of defects) on one line, so a diff shows one line per bench.
 * Ends with a newline.
 */
export function serializeRun(run: SavedRun): string {
  const json = JSON.stringify(
    run,
    (_key, value: unknown) => (typeof value === 'number' && !Number.isInteger(value) ? Number(value.toPrecision(5)) : value),
    2,
  )
  // An innermost {...} or [...]: no brace or bracket inside. JSON strings hold no raw newline,
  // so removing line breaks and their indentation only ever touches layout.
  const collapsed = json.replace(/[{[][^{}[\]]*[}\]]/g, (inner) => inner.replace(/\n\s*/g, ' ').replace(/^\[ /, '[').replace(/ \]$/, ']'))
  return `${collapsed}\n`
}

/** Reads a saved run, or throws an error that says what is wrong with the file. */
export function readRun(path: string): SavedRun {
  let value: unknown
  try {
    value = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    throw new Error(`cannot read a saved run from ${path}: ${(error as Error).message}`)
  }
  const run = value as Partial<SavedRun> | null
  if (!run || typeof run !== 'object' || run.format !== 1 || !Array.isArray(run.parts)) {
    throw new Error(`${path} is not a saved benchmark run (format 1, written by pnpm bench)`)
  }
  return run as SavedRun
}
