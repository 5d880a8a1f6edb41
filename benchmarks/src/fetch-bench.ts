/**
 * Every fetch-level contender, peers included, on Node. Prints one JSON line: the SuiteResult.
 */
import { CORE_CONTENDERS } from './core-contenders.js'
import { withFaces } from './face-contenders.js'
import { measureOptions, runSuite } from './fetch-suite.js'
import { PEER_CONTENDERS } from './peer-contenders.js'
import { runHostile } from './hostile.js'
import { WORKLOADS } from './workloads.js'

const quick = process.argv.includes('--quick')
const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice(7)
  .split(',')
const workloads = only ? WORKLOADS.filter((w) => only.includes(w.id)) : WORKLOADS
// --contenders=limit,corsa: a few contenders only, for a quick look while working on one face.
const picked = process.argv
  .find((a) => a.startsWith('--contenders='))
  ?.slice(13)
  .split(',')
const all = [...CORE_CONTENDERS, ...withFaces(PEER_CONTENDERS)]
const contenders = picked ? all.filter((c) => picked.includes(c.id)) : all
const result = await runSuite(contenders, workloads, measureOptions(quick), (l) => console.error(l))
// The hostile requests: only in a run of every contender.
if (!picked && !only) result.hostile = await runHostile(measureOptions(quick))
console.log(JSON.stringify(result))
