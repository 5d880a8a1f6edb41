/** The command line of `pnpm bench` (run.ts). */
import { PARTS, type Part } from './results.js'

export const USAGE = `usage: pnpm bench [--quick] [--only=${PARTS.join(',')}] [--save <file>] [--compare [<file>]]
       node dist/run.js --compare <saved.json> --against <other.json>   (compare two saved runs, run nothing)

  --quick            fewer, shorter rounds (under a minute; rougher figures)
  --only=a,b         run only these parts; the doc and results/latest.json are then left alone
  --save <file>      also write this run's results to <file>
  --compare [<file>] after the run, list every ratio that moved beyond noise against <file>
                     (default: benchmarks/results/latest.json, the run committed with docs/benchmarks.md)
  --against <file>   with --compare: compare <file> with the saved run instead of running`

export interface RunArgs {
  quick: boolean
  /** The parts to run, in run order. */
  parts: Part[]
  /** True when `--only` left some part out. */
  partial: boolean
  save?: string
  /** The saved run to compare with; `defaultCompare` when `--compare` is given without a file. */
  compare?: string
  /** A second saved run to compare instead of running. */
  against?: string
}

/** Reads the arguments, or throws an error whose message says what is wrong (and the usage). */
export function parseArgs(argv: readonly string[], defaultCompare: string): RunArgs {
  const args: RunArgs = { quick: false, parts: [...PARTS], partial: false }
  const fail = (message: string): never => {
    throw new Error(`${message}\n${USAGE}`)
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    const [name, inline] =
      arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined]
    const next = argv[i + 1]
    /** The option's value: after `=`, else the next argument unless it is an option. */
    const value = (optional: boolean): string | undefined => {
      if (inline !== undefined) return inline || fail(`${name} needs a file`)
      if (next !== undefined && !next.startsWith('--')) {
        i++
        return next
      }
      return optional ? undefined : fail(`${name} needs a file`)
    }
    if (name === '--') continue
    else if (name === '--quick') args.quick = true
    else if (name === '--only') {
      const list = (inline ?? '').split(',').filter(Boolean)
      const unknown = list.filter((p) => !(PARTS as readonly string[]).includes(p))
      if (!list.length || unknown.length)
        fail(`--only takes parts among ${PARTS.join(', ')}${unknown.length ? `; unknown: ${unknown.join(', ')}` : ''}`)
      args.parts = PARTS.filter((p) => list.includes(p))
      args.partial = args.parts.length < PARTS.length
    } else if (name === '--save') args.save = value(false)
    else if (name === '--compare') args.compare = value(true) ?? defaultCompare
    else if (name === '--against') args.against = value(false)
    else fail(`unknown argument: ${arg}`)
  }
  if (args.against && !args.compare) fail('--against compares with a saved run: give --compare <file> too')
  return args
}
