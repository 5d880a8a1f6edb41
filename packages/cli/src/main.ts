/** The `corsa` command line: argument parsing, human and JSON output, exit codes. */
import { parseArgs } from 'node:util'
import { check, type CheckResult, NetworkError, UsageError } from './check.js'
import type { HeaderPair } from './rules.js'

/** Where the command writes. */
export interface Io {
  stdout: (text: string) => void
  stderr: (text: string) => void
}

/** Exit statuses: the page may read the response, the browser blocks it, usage or network error. */
export const EXIT_ALLOWED = 0
export const EXIT_BLOCKED = 1
export const EXIT_ERROR = 2

export const VERSION = '0.1.0'

export const USAGE = `corsa check <url> --origin <origin> [options]

Acts as a browser running, in a page on <origin>:
  fetch(url, { method, headers, credentials: 'include' if --credentials, mode: 'cors' })
sends the preflight and the request it would send, applies its CORS checks, and says whether the
page may read the response; when not, prints Chromium's console message and a fix.

Options:
  -o, --origin <origin>    the page's origin, e.g. https://app.example.com (or null)   [required]
  -X, --method <method>    the method given to fetch() (default GET; 'patch' stays lower-case)
  -H, --header <h>         a header given to fetch(), 'Name: value' (repeatable)
      --credentials        credentials: 'include'
      --cookie <cookies>   a Cookie header to send along with --credentials
      --json               print one JSON object instead of the report
      --timeout <ms>       per request (default 10000)
  -h, --help               this help
  -v, --version            the version

Exit status: 0 the page may read the response, 1 the browser blocks it, 2 usage or network error.
`

function parseHeader(input: string): HeaderPair {
  const colon = input.indexOf(':')
  if (colon <= 0) throw new UsageError(`--header '${input}' is not 'Name: value'`)
  return [input.slice(0, colon).trim(), input.slice(colon + 1)]
}

/** Runs the command with its arguments (without `node` and the script) and returns the exit status. */
export async function main(argv: readonly string[], io: Io = defaultIo): Promise<number> {
  let json = argv.includes('--json')
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        origin: { type: 'string', short: 'o' },
        method: { type: 'string', short: 'X' },
        header: { type: 'string', short: 'H', multiple: true },
        credentials: { type: 'boolean' },
        cookie: { type: 'string' },
        json: { type: 'boolean' },
        timeout: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    })
    json = values.json === true
    if (values.help) {
      io.stdout(USAGE)
      return EXIT_ALLOWED
    }
    if (values.version) {
      io.stdout(`${VERSION}\n`)
      return EXIT_ALLOWED
    }
    const [command, url, ...rest] = positionals
    if (command !== 'check')
      throw new UsageError(
        command === undefined ? 'missing the command: corsa check <url> --origin <origin>' : `unknown command '${command}' (the command is 'check')`,
      )
    if (url === undefined) throw new UsageError('missing the URL: corsa check <url> --origin <origin>')
    if (rest.length > 0) throw new UsageError(`unexpected argument '${rest[0]}'`)
    if (values.origin === undefined)
      throw new UsageError('missing --origin: the origin of the page that calls fetch(), e.g. --origin https://app.example.com')
    let timeout = 10_000
    if (values.timeout !== undefined) {
      timeout = Number(values.timeout)
      if (!Number.isInteger(timeout) || timeout <= 0 || timeout > 600_000)
        throw new UsageError(`--timeout '${values.timeout}' must be a whole number of milliseconds (1 to 600000)`)
    }
    const result = await check({
      url,
      origin: values.origin,
      method: values.method,
      headers: (values.header ?? []).map(parseHeader),
      credentials: values.credentials === true,
      cookie: values.cookie,
      timeout,
    })
    io.stdout(json ? `${JSON.stringify(result, null, 2)}\n` : report(result))
    return result.allowed ? EXIT_ALLOWED : EXIT_BLOCKED
  } catch (error) {
    const kind = error instanceof NetworkError ? 'network' : error instanceof UsageError || isParseArgsError(error) ? 'usage' : 'internal'
    const message = error instanceof Error ? error.message : String(error)
    if (json) io.stdout(`${JSON.stringify({ allowed: null, error: { kind, message } }, null, 2)}\n`)
    io.stderr(`corsa: ${kind} error: ${message}${kind === 'usage' ? '\n\n' + USAGE : '\n'}`)
    return EXIT_ERROR
  }
}

function isParseArgsError(error: unknown): boolean {
  const code = error instanceof Error ? (error as Error & { code?: unknown }).code : undefined
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')
}

const defaultIo: Io = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
}

function headerLines(headers: readonly HeaderPair[]): string {
  return headers.map(([n, v]) => `    ${n}: ${v}\n`).join('')
}

/** The human report. */
export function report(r: CheckResult): string {
  let out = `corsa check: ${r.method} ${r.url}\n  from a page on ${r.origin}, credentials: ${r.credentials ? "'include'" : "'same-origin' (none sent cross-origin)"}\n\n`
  if (r.preflight.required) out += `Preflight required:\n${r.preflight.reasons.map((x) => `  - ${x}\n`).join('')}\n`
  else out += 'No preflight: a simple request (safelisted method and headers).\n\n'
  for (const step of r.steps) {
    out += `→ ${step.request.method} ${step.request.url}${step.kind === 'preflight' ? '  (preflight)' : ''}\n${headerLines(step.request.headers)}`
    if (step.response) out += `← ${step.response.status} ${step.response.statusText}\n${headerLines(step.response.headers)}`
    for (const note of step.kind === 'request' ? step.notes : []) out += `  · ${note}\n`
    const mark = {
      passed: '✓ CORS checks passed',
      blocked: '✗ blocked',
      redirected: '↪ redirect followed',
      'same-origin': '✓ same origin: no CORS check',
    }[step.outcome]
    out += `  ${mark}\n\n`
  }
  if (r.allowed) {
    out += `ALLOWED: the page can read the response (status ${r.status}).\n`
  } else {
    out += `BLOCKED: the browser hides the response from the page (${r.cause}).\n  console: ${r.message}\n  fix:     ${r.fix}\n`
  }
  for (const w of r.warnings) out += `warning (${w.code}): ${w.message}\n`
  return out
}
