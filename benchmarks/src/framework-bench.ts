/** Fastify, Koa and Lambda (plain and middy), in-process (no sockets). Prints one JSON line: the SuiteResult. */
import { measureOptions } from './fetch-suite.js'
import { FRAMEWORK_CONTENDERS } from './framework-contenders.js'
import { runFrameworkSuite } from './framework-suite.js'
import { WORKLOADS } from './workloads.js'

const quick = process.argv.includes('--quick')
const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice(7)
  .split(',')
const workloads = only ? WORKLOADS.filter((w) => only.includes(w.id)) : WORKLOADS
// --contenders=fastify,koa runs only the contenders whose id starts with one of those.
const prefixes = process.argv
  .find((a) => a.startsWith('--contenders='))
  ?.slice(13)
  .split(',')
const contenders = prefixes ? FRAMEWORK_CONTENDERS.filter((c) => prefixes.some((p) => c.id.startsWith(p))) : FRAMEWORK_CONTENDERS
const result = await runFrameworkSuite(contenders, workloads, measureOptions(quick), (l) => console.error(l))
console.log(JSON.stringify(result))
