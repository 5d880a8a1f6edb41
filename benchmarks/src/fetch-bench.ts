/**
 * Every fetch-level contender, peers included, on Node. Prints one JSON line: the SuiteResult.
 */
import { CORE_CONTENDERS } from './core-contenders.js'
import { withFaces } from './face-contenders.js'
import { measureOptions, runSuite } from './fetch-suite.js'
import { PEER_CONTENDERS } from './peer-contenders.js'
import { WORKLOADS } from './workloads.js'

const quick = process.argv.includes('--quick')
const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice(7)
  .split(',')
const workloads = only ? WORKLOADS.filter((w) => only.includes(w.id)) : WORKLOADS
const result = await runSuite([...CORE_CONTENDERS, ...withFaces(PEER_CONTENDERS)], workloads, measureOptions(quick), (l) => console.error(l))
console.log(JSON.stringify(result))
