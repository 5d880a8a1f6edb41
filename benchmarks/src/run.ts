/**
 * `pnpm bench` (add `--quick` for a short run): runs every part of the benchmark, each
 * measuring part in its own process, bounded in time, then writes docs/benchmarks.md and
 * benchmarks/results/latest.json (the full results) and prints the tables. `--only=` runs some
 * parts, `--save` keeps the results elsewhere, `--compare` lists what moved against a saved run
 * (see args.ts for the whole command line).
 */
import { spawn } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs, USAGE, type RunArgs } from './args.js'
import { compareRuns, renderComparison } from './compare.js'
import type { SuiteResult } from './fetch-suite.js'
import { runHttp } from './http-bench.js'
import { machine, renderReport } from './report.js'
import { readRun, serializeRun, type HttpResult, type SavedRun } from './results.js'
import { measureSizes, type SizeRow } from './size.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const docPath = fileURLToPath(new URL('../../docs/benchmarks.md', import.meta.url))
const latestPath = fileURLToPath(new URL('../results/latest.json', import.meta.url))
/** Where the command was typed (pnpm runs scripts from the package folder and says so in INIT_CWD). */
const userDir = process.env.INIT_CWD ?? process.cwd()
/** A path as the user would type it from where they are: relative below that folder, else absolute. */
const shown = (path: string) => {
  const rel = relative(userDir, path)
  return rel && !rel.startsWith('..') ? rel : path
}

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log(USAGE)
  process.exit(0)
}
let args: RunArgs
let saved: SavedRun | undefined
try {
  args = parseArgs(process.argv.slice(2), latestPath)
  // Read the saved run before measuring: a wrong path fails now, not after five minutes, and
  // comparing with results/latest.json still sees the old run when this one replaces it.
  if (args.compare) args.compare = resolve(userDir, args.compare)
  if (args.against) args.against = resolve(userDir, args.against)
  if (args.save) args.save = resolve(userDir, args.save)
  saved = args.compare ? readRun(args.compare) : undefined
  if (args.against) {
    const other = readRun(args.against)
    console.log(renderComparison(compareRuns(saved!, other), saved!, other, shown(args.compare!), shown(args.against)))
    process.exit(0)
  }
} catch (error) {
  console.error((error as Error).message)
  process.exit(1)
}

const { quick, parts } = args
const started = Date.now()
const log = (line: string) => console.error(`[${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${line}`)
const flag = quick ? ['--quick'] : []

/** Runs one measuring process to completion (killed at `limitSeconds`) and parses its JSON line. */
function child(command: string, childArgs: string[], limitSeconds: number): Promise<SuiteResult | undefined> {
  return new Promise((resolve) => {
    const proc = spawn(command, childArgs, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    proc.stdout.on('data', (chunk) => (out += chunk))
    proc.stderr.on('data', (chunk) => process.stderr.write(chunk))
    const timer = setTimeout(() => {
      log(`${command} ${childArgs.join(' ')}: over ${limitSeconds} s, stopped`)
      proc.kill('SIGKILL')
    }, limitSeconds * 1000)
    proc.on('error', (error) => {
      clearTimeout(timer)
      log(`${command}: ${error.message}`)
      resolve(undefined)
    })
    proc.on('close', (code) => {
      clearTimeout(timer)
      const line = out.trim().split('\n').pop()
      try {
        resolve(JSON.parse(line ?? ''))
      } catch {
        log(`${command} ${childArgs.join(' ')} exited ${code} without a result`)
        resolve(undefined)
      }
    })
  })
}

const bin = (name: string) => `${root}node_modules/.bin/${name}`
const limit = (full: number) => (quick ? Math.ceil(full / 3) : full)

log(`corsa benchmarks (${quick ? 'quick' : 'full'} run${args.partial ? `: ${parts.join(', ')}` : ''})`)
const info = await machine(bin)
let sizes: SizeRow[] = []
if (parts.includes('size')) {
  log('bundle sizes')
  sizes = await measureSizes()
}
let fetchNode: SuiteResult | undefined
if (parts.includes('fetch')) {
  log('fetch level on Node: every contender')
  fetchNode = await child('node', ['--expose-gc', 'dist/fetch-bench.js', ...flag], limit(480))
}
let nodeMiddleware: SuiteResult | undefined
if (parts.includes('node')) {
  log('Node middleware form')
  nodeMiddleware = await child('node', ['--expose-gc', 'dist/node-bench.js', ...flag], limit(150))
}
let frameworks: SuiteResult | undefined
if (parts.includes('frameworks')) {
  log('Fastify, Koa and Lambda')
  frameworks = await child('node', ['--expose-gc', 'dist/framework-bench.js', ...flag], limit(200))
}
const runtimes: SuiteResult[] = []
if (parts.includes('runtimes')) {
  for (const [name, command, runtimeArgs] of [
    ['Node', 'node', ['--expose-gc', 'dist/runtime-bench.js']],
    ['Bun', bin('bun'), ['run', 'dist/runtime-bench.js']],
    ['Deno', bin('deno'), ['run', '--allow-all', '--no-config', '--v8-flags=--expose-gc', 'dist/runtime-bench.js']],
  ] as const) {
    log(`core workloads on ${name}`)
    const result = await child(command, [...runtimeArgs, ...flag], limit(120))
    if (result) runtimes.push(result)
  }
}
let http: HttpResult | undefined
if (parts.includes('http')) {
  log('HTTP level')
  http = await runHttp(quick, log)
}

const seconds = (Date.now() - started) / 1000
const run: SavedRun = {
  format: 1,
  quick,
  parts,
  seconds: Math.round(seconds),
  machine: info,
  ...(fetchNode && { fetch: fetchNode }),
  ...(nodeMiddleware && { node: nodeMiddleware }),
  ...(frameworks && { frameworks }),
  ...(runtimes.length && { runtimes }),
  ...(http && { http }),
  ...(sizes.length && { size: sizes }),
}
const report = renderReport({
  quick,
  info,
  sizes,
  fetchNode,
  nodeMiddleware,
  frameworks,
  runtimes,
  http: http ?? { rows: [], seconds: 0, rounds: 0, connections: 0 },
  seconds,
})
console.log(report)
const write = (path: string, text: string) => {
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, text)
  log(`wrote ${shown(path)}`)
}
if (args.partial) {
  log(`a partial run (--only=${parts.join(',')}): ${shown(docPath)} and ${shown(latestPath)} left as they were`)
} else {
  // The doc and the results it was written from go together (commit both).
  write(docPath, report)
  write(latestPath, serializeRun(run))
}
if (args.save) write(args.save, serializeRun(run))
if (saved) {
  console.log('')
  console.log(renderComparison(compareRuns(saved, run), saved, run, shown(args.compare!), 'this run'))
}
