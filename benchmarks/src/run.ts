/**
 * `pnpm bench` (add `--quick` for a short run): runs every part of the benchmark, each
 * measuring part in its own process, bounded in time, then writes docs/benchmarks.md and
 * prints the tables.
 */
import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { SuiteResult } from './fetch-suite.js'
import { runHttp } from './http-bench.js'
import { machine, renderReport } from './report.js'
import { measureSizes } from './size.js'

const quick = process.argv.includes('--quick')
const root = fileURLToPath(new URL('..', import.meta.url))
const started = Date.now()
const log = (line: string) => console.error(`[${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${line}`)
const flag = quick ? ['--quick'] : []

/** Runs one measuring process to completion (killed at `limitSeconds`) and parses its JSON line. */
function child(command: string, args: string[], limitSeconds: number): Promise<SuiteResult | undefined> {
  return new Promise((resolve) => {
    const proc = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    proc.stdout.on('data', (chunk) => (out += chunk))
    proc.stderr.on('data', (chunk) => process.stderr.write(chunk))
    const timer = setTimeout(() => {
      log(`${command} ${args.join(' ')}: over ${limitSeconds} s, stopped`)
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
        log(`${command} ${args.join(' ')} exited ${code} without a result`)
        resolve(undefined)
      }
    })
  })
}

const bin = (name: string) => `${root}node_modules/.bin/${name}`
const limit = (full: number) => (quick ? Math.ceil(full / 3) : full)

log(`corsa benchmarks (${quick ? 'quick' : 'full'} run)`)
const info = await machine(bin)
log('bundle sizes')
const sizes = await measureSizes()
log('fetch level on Node: every contender')
const fetchNode = await child('node', ['--expose-gc', 'dist/fetch-bench.js', ...flag], limit(300))
log('Node middleware form')
const nodeMiddleware = await child('node', ['--expose-gc', 'dist/node-bench.js', ...flag], limit(150))
log('Fastify, Koa and Lambda')
const frameworks = await child('node', ['--expose-gc', 'dist/framework-bench.js', ...flag], limit(200))
const runtimes: SuiteResult[] = []
for (const [name, command, args] of [
  ['Node', 'node', ['--expose-gc', 'dist/runtime-bench.js']],
  ['Bun', bin('bun'), ['run', 'dist/runtime-bench.js']],
  ['Deno', bin('deno'), ['run', '--allow-all', '--no-config', '--v8-flags=--expose-gc', 'dist/runtime-bench.js']],
] as const) {
  log(`core workloads on ${name}`)
  const result = await child(command, [...args, ...flag], limit(120))
  if (result) runtimes.push(result)
}
log('HTTP level')
const http = await runHttp(quick, log)

const report = renderReport({ quick, info, sizes, fetchNode, nodeMiddleware, frameworks, runtimes, http, seconds: (Date.now() - started) / 1000 })
const target = fileURLToPath(new URL('../../docs/benchmarks.md', import.meta.url))
writeFileSync(target, report)
console.log(report)
log(`wrote ${target}`)
