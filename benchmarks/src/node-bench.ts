/** The Node middleware form, in-process (no sockets). Prints one JSON line: the SuiteResult. */
import { measureOptions } from './fetch-suite.js'
import { NODE_CONTENDERS } from './node-contenders.js'
import { runNodeSuite } from './node-suite.js'
import { WORKLOADS } from './workloads.js'

const quick = process.argv.includes('--quick')
const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice(7)
  .split(',')
const workloads = only ? WORKLOADS.filter((w) => only.includes(w.id)) : WORKLOADS
const result = await runNodeSuite(NODE_CONTENDERS, workloads, measureOptions(quick), (l) => console.error(l))
console.log(JSON.stringify(result))
