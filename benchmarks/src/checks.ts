/**
 * What a contender got wrong: the workload's request is sent once through the contender's own
 * setup and the response is held against the CORS rules corsa follows (design.md). The same
 * rules judge fetch handlers and Node middleware.
 */
import { makeHandler, makeRequest, PREFLIGHT_METHOD, PREFLIGHT_HEADERS, type Workload } from './workloads.js'
import type { Contender } from './core-contenders.js'

/** A response as the checks see it, whatever produced it. */
export interface Seen {
  status: number
  headers: Headers
  body: string
  /** How many times the application handler ran. */
  handlerCalls: number
}

const PREFLIGHT_ONLY = ['access-control-allow-methods', 'access-control-allow-headers', 'access-control-max-age']
const list = (value: string | null) =>
  (value ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean)

/**
 * The defects of one response. `status` is what the handler answered; `handlerVary` says whether
 * the handler set `Vary: Accept-Encoding`, which must survive.
 */
export function defects(w: Workload, seen: Seen, status: number, handlerVary: boolean): string[] {
  const found: string[] = []
  const h = seen.headers
  const acao = h.get('access-control-allow-origin')
  const acac = h.get('access-control-allow-credentials')
  const vary = list(h.get('vary')).map((t) => t.toLowerCase())
  if (acao === '*' && acac === 'true') found.push('`*` with credentials')

  if (w.expect === 'preflight') {
    if (seen.handlerCalls) found.push('handler ran on preflight')
    if (seen.status < 200 || seen.status > 299) found.push(`preflight answered ${seen.status}`)
    if (acao === null) found.push('no ACAO')
    else if (acao !== w.origin) found.push(`wrong ACAO \`${acao}\``)
    if (acac !== 'true') found.push('no ACAC')
    const methods = list(h.get('access-control-allow-methods'))
    if (!methods.includes(PREFLIGHT_METHOD)) found.push(`ACAM lacks ${PREFLIGHT_METHOD}`)
    const allowHeaders = list(h.get('access-control-allow-headers')).map((t) => t.toLowerCase())
    if (!list(PREFLIGHT_HEADERS).every((name) => allowHeaders.includes(name))) found.push('ACAH lacks a requested header')
    if (!vary.includes('origin') && !vary.includes('*')) found.push('no `Vary: Origin`')
    if (seen.body) found.push('preflight has a body')
    return found
  }

  if (seen.status !== status) found.push(`status ${status} became ${seen.status}`)
  if (seen.body !== 'hello') found.push('body lost')
  if (w.expect === 'allowed') {
    if (acao === null) found.push('no ACAO')
    else if (acao !== w.origin) found.push(`wrong ACAO \`${acao}\``)
    if (acac !== 'true') found.push('no ACAC')
  } else {
    const who = w.expect === 'refused' ? 'refused origin' : 'no Origin'
    if (acao !== null) found.push(`ACAO \`${acao}\` for ${who}`)
    if (acac !== null) found.push(`ACAC for ${who}`)
  }
  if (PREFLIGHT_ONLY.some((name) => h.has(name))) found.push('preflight headers on actual response')
  if (h.get('access-control-expose-headers')) found.push('unrequested ACEH')
  if (vary.includes('*')) found.push('`Vary: *`')
  else if (!vary.includes('origin')) found.push('no `Vary: Origin`')
  if (handlerVary && !vary.includes('accept-encoding')) found.push("handler's `Vary` lost")
  return found
}

/** Sends the workload's request once through a fetch contender, with a 200 and a 404 handler. */
export async function checkFetch(contender: Contender, w: Workload): Promise<string[]> {
  const found = new Set<string>()
  for (const status of [200, 404]) {
    let calls = 0
    const fn = contender.build(w, makeHandler({ status, body: 'hello', onCall: () => calls++ }))
    const response = await fn(makeRequest(w))
    const body = await response.text()
    const seen: Seen = { status: response.status, headers: response.headers, body, handlerCalls: calls }
    for (const defect of defects(w, seen, status, true)) found.add(defect)
  }
  return [...found]
}
