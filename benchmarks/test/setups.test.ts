/**
 * The contenders' setups are right before anything is timed: what must be correct passes every
 * check, each peer runs the path it is timed on, and each peer's faults are the ones the report
 * lists. Nothing here measures time.
 */
import { describe, expect, test } from 'vitest'
import { checkFetch, defects } from '../src/checks.js'
import { CORE_CONTENDERS, type Contender } from '../src/core-contenders.js'
import { FACE_CONTENDERS } from '../src/face-contenders.js'
import { NODE_CONTENDERS, type NodeContender } from '../src/node-contenders.js'
import { checkNode } from '../src/node-suite.js'
import { PEER_CONTENDERS } from '../src/peer-contenders.js'
import { makeHandler, makeRequest, WORKLOADS, type Workload } from '../src/workloads.js'

const FETCH = [...CORE_CONTENDERS, ...PEER_CONTENDERS, ...FACE_CONTENDERS]
const fetchContender = (id: string) => FETCH.find((c) => c.id === id)!
const nodeContender = (id: string) => NODE_CONTENDERS.find((c) => c.id === id)!

/** Every workload's defects for one contender, leaving out the workloads it got right. */
async function faults(check: (w: Workload) => string[] | Promise<string[]>): Promise<Record<string, string[]>> {
  const found: Record<string, string[]> = {}
  for (const w of WORKLOADS) {
    const list = await check(w)
    if (list.length) found[w.id] = list.sort()
  }
  return found
}
const fetchFaults = (c: Contender) => faults((w) => checkFetch(c, w))
const nodeFaults = (c: NodeContender) => faults((w) => checkNode(c, w))

describe('what must be right passes every check on every workload', () => {
  test.each([
    'limit',
    'corsa',
    'corsa-policy',
    'hono-corsa',
    'hono-withcors',
    'h3-corsa',
    'whatwg-corsa',
    'elysia-corsa',
    ...FACE_CONTENDERS.map((c) => c.id),
  ])('fetch contender %s', async (id) => {
    expect(await fetchFaults(fetchContender(id))).toEqual({})
  })

  test.each(['node-limit', 'corsa-node', 'corsa-node-listener'])('Node contender %s', async (id) => {
    expect(await nodeFaults(nodeContender(id))).toEqual({})
  })
})

describe('each peer is timed on the path its workload means', () => {
  const granted = WORKLOADS.filter((w) => w.expect === 'allowed' || w.expect === 'preflight')
  const peers = PEER_CONTENDERS.filter((c) => c.id !== c.baseline)

  test.each(peers.map((c) => [c.label, c] as const))('%s grants the allowed origin on every allowed workload', async (_label, c) => {
    for (const w of granted) {
      const list = await checkFetch(c, w)
      expect(
        list.filter((d) => /ACAO|ACAC/.test(d)),
        `${c.id} ${w.id}`,
      ).toEqual([])
    }
  })

  test('the cors package grants the allowed origin on every allowed workload', () => {
    for (const w of granted)
      expect(
        checkNode(nodeContender('cors'), w).filter((d) => /ACAO|ACAC/.test(d)),
        w.id,
      ).toEqual([])
  })

  test.each(FETCH.filter((c) => c.id === c.baseline).map((c) => [c.label, c] as const))('%s sends no CORS headers', async (_label, c) => {
    const w = WORKLOADS.find((w) => w.id === 'allowed')!
    const response = await c.build(w, makeHandler({ body: 'hello' }))(makeRequest(w))
    expect([...response.headers.keys()].filter((name) => name.startsWith('access-control-'))).toEqual([])
  })
})

describe("each peer's faults are the ones the report lists", () => {
  const actual = ['allowed', 'refused', 'no-origin', 'list-1', 'list-100', 'list-10000', 'subdomain']
  const allowedLists = ['allowed', 'list-1', 'list-100', 'list-10000', 'subdomain']
  /** `{ workload: [defects] }` from `{ defect: [workloads] }`, sorted as `faults` sorts them. */
  const expected = (byDefect: Record<string, string[]>) => {
    const out: Record<string, string[]> = {}
    for (const [defect, workloads] of Object.entries(byDefect)) for (const w of workloads) (out[w] ??= []).push(defect)
    for (const list of Object.values(out)) list.sort()
    return out
  }

  test('itty-router cors() turns every status into 200, sends no Vary: Origin, puts preflight headers on every response and credentials on refused ones', async () => {
    expect(await fetchFaults(fetchContender('itty'))).toEqual(
      expected({
        'no `Vary: Origin`': ['preflight', ...actual],
        'status 404 became 200': actual,
        'preflight headers on actual response': actual,
        'ACAC for refused origin': ['refused'],
        'ACAC for no Origin': ['no-origin'],
      }),
    )
  })

  test('hono/cors sends Access-Control-Allow-Credentials to refused origins and to requests without Origin', async () => {
    expect(await fetchFaults(fetchContender('hono-cors'))).toEqual(
      expected({ 'ACAC for refused origin': ['refused'], 'ACAC for no Origin': ['no-origin'] }),
    )
  })

  test("h3's handleCors replaces the handler's Vary and sends credentials to refused origins", async () => {
    expect(await fetchFaults(fetchContender('h3-cors'))).toEqual(
      expected({ "handler's `Vary` lost": actual, 'ACAC for refused origin': ['refused'], 'ACAC for no Origin': ['no-origin'] }),
    )
  })

  test("@whatwg-node/server's useCORS puts preflight headers on actual responses, overwrites Vary, and omits Vary: Origin for one origin, a pattern or a refusal", async () => {
    expect(await fetchFaults(fetchContender('whatwg-cors'))).toEqual(
      expected({
        'preflight headers on actual response': allowedLists,
        "handler's `Vary` lost": ['allowed', 'list-100', 'list-10000'],
        'no `Vary: Origin`': ['refused', 'no-origin', 'list-1', 'subdomain'],
      }),
    )
  })

  test('@elysiajs/cors loses Vary: Origin behind the handler, puts preflight headers on actual responses and credentials on refused ones', async () => {
    expect(await fetchFaults(fetchContender('elysia-cors'))).toEqual(
      expected({
        'preflight headers on actual response': actual,
        'no `Vary: Origin`': actual,
        'ACAC for refused origin': ['refused'],
        'ACAC for no Origin': ['no-origin'],
      }),
    )
  })

  test('the cors package sends Access-Control-Allow-Credentials to refused origins and to requests without Origin', async () => {
    expect(await nodeFaults(nodeContender('cors'))).toEqual(expected({ 'ACAC for refused origin': ['refused'], 'ACAC for no Origin': ['no-origin'] }))
  })
})

describe('the checks catch what they look for', () => {
  const allowed = WORKLOADS.find((w) => w.id === 'allowed')!
  const seen = (headers: Record<string, string>, status = 200) => ({ status, headers: new Headers(headers), body: 'hello', handlerCalls: 1 })

  test('a wildcard with credentials, a lost Vary and a lost status are all reported', () => {
    const found = defects(
      allowed,
      seen({ 'access-control-allow-origin': '*', 'access-control-allow-credentials': 'true', vary: 'Origin' }, 200),
      404,
      true,
    )
    expect(found).toEqual(['`*` with credentials', 'status 404 became 200', 'wrong ACAO `*`', "handler's `Vary` lost"])
  })

  test('a correct actual response has no defect', () => {
    const headers = { 'access-control-allow-origin': allowed.origin!, 'access-control-allow-credentials': 'true', vary: 'Accept-Encoding, Origin' }
    expect(defects(allowed, seen(headers), 200, true)).toEqual([])
  })

  test('a preflight that reaches the handler is reported', () => {
    const preflight = WORKLOADS.find((w) => w.id === 'preflight')!
    expect(defects(preflight, { ...seen({}, 204), body: '' }, 204, true)).toContain('handler ran on preflight')
  })
})
