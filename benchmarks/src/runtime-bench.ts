/**
 * The core workloads with corsa's own contenders, for any runtime (bundled into one file that
 * `node`, `bun` and `deno` run alike). Prints one JSON line: the {@link SuiteResult}.
 */
import { CORE_CONTENDERS } from './core-contenders.js'
import { measureOptions, runSuite } from './fetch-suite.js'
import { WORKLOADS } from './workloads.js'

const g = globalThis as { Deno?: { args: string[] }; process?: { argv: string[] } }
const args = g.Deno ? g.Deno.args : g.process!.argv.slice(2)
const quick = args.includes('--quick')
const log = (line: string) => console.error(line)
const result = await runSuite(
  CORE_CONTENDERS,
  WORKLOADS.filter((w) => w.core),
  measureOptions(quick),
  log,
)
console.log(JSON.stringify(result))
