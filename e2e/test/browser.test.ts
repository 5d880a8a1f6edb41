import { readFileSync, writeFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { consoleCause, explainCause, explainRecorded } from '../src/causes.ts'
import { comparable, makeRow, renderDoc, type Row } from '../src/doc.ts'
import { runSteps } from '../src/run.ts'
import { controls, type Scenario, scenarios } from '../src/scenarios.ts'
import { bunAdapter } from '../src/servers/bun.ts'
import { coreAdapter } from '../src/servers/core.ts'
import { denoAdapter } from '../src/servers/deno.ts'
import { honoAdapter } from '../src/servers/hono.ts'
import { nodeAdapter } from '../src/servers/node.ts'
import type { Adapter } from '../src/servers/types.ts'
import { type Stage, setStage } from '../src/stage.ts'

const adapters: Adapter[] = [coreAdapter, nodeAdapter, honoAdapter, bunAdapter, denoAdapter]
const DOC = new URL('../../docs/browser-behaviour.md', import.meta.url)

let stage: Stage
beforeAll(async () => {
  stage = await setStage(adapters)
})
afterAll(async () => {
  await stage?.close()
})

/** Rows observed per adapter, for the docs and the cross-adapter comparison. */
const rows = new Map<string, Map<string, Row>>(adapters.map((a) => [a.name, new Map()]))

/** Runs one scenario against one adapter's server, checks it, and returns its row for the docs. */
async function play(adapter: Adapter, scenario: Scenario): Promise<Row> {
  const server = stage.servers.get(adapter.name)!
  const options = stage.policies[scenario.policy]
  const o = await runSteps({
    id: scenario.id,
    page: scenario.page,
    steps: scenario.steps,
    context: await stage.context(adapter.name, scenario.profile ?? 'fresh'),
    origins: stage.origins,
    apiPort: server.port,
    pagePort: stage.ports(adapter.name).page!,
    policy: scenario.policy,
    requests: () => server.requests(),
    pages: stage.pages,
  })
  scenario.check(o)
  let explained = ''
  if (scenario.refused) {
    // Chromium's console and corsa's explain() name the same cause, about the same thing.
    const last = o.requests.at(-1)
    expect(last, 'the server saw the refused request').toBeDefined()
    expect(o.console.length, 'Chromium logged why it refused').toBeGreaterThan(0)
    const browser = consoleCause(o.console.at(-1)!)
    const decision = await explainRecorded(options, last!)
    const corsa = explainCause(decision, options, last!)
    expect(browser).toEqual({ cause: scenario.refused, subject: corsa.subject })
    expect(corsa.cause).toBe(scenario.refused)
    explained = `${decision.reason}: ${decision.message}`
  } else {
    expect(o.console, 'Chromium logged no CORS error').toEqual([])
  }
  return makeRow(scenario, o, options, stage.origins, explained, stage.ports(adapter.name))
}

for (const adapter of adapters) {
  describe(`${adapter.name} in Chromium`, () => {
    for (const scenario of scenarios) {
      test(scenario.title, async () => {
        rows.get(adapter.name)!.set(scenario.id, await play(adapter, scenario))
      })
    }
  })
}

const controlRows = new Map<string, Row>()
describe('Chromium without corsa (controls)', () => {
  for (const control of controls) {
    test(control.title, async () => {
      controlRows.set(control.id, await play(adapters[0]!, control))
    })
  }
})

describe('docs/browser-behaviour.md', () => {
  const observed = () => {
    const reference = rows.get(adapters[0]!.name)!
    const missing = scenarios.filter((s) => !reference.has(s.id)).map((s) => s.id)
    expect(missing, 'scenarios that did not complete').toEqual([])
    return scenarios.map((s) => reference.get(s.id)!)
  }

  test('every adapter makes Chromium do exactly the same', () => {
    const reference = observed()
    for (const adapter of adapters.slice(1)) {
      expect(scenarios.map((s) => rows.get(adapter.name)!.get(s.id)), adapter.name).toEqual(reference)
    }
  })

  test('the committed table is what Chromium did', () => {
    const missing = controls.filter((c) => !controlRows.has(c.id)).map((c) => c.id)
    expect(missing, 'controls that did not complete').toEqual([])
    const doc = renderDoc(
      stage.browsers.version,
      adapters.map((a) => a.name),
      observed(),
      controls.map((c) => controlRows.get(c.id)!),
    )
    if (process.env.CORSA_E2E_WRITE_DOCS === '1') writeFileSync(DOC, doc)
    let committed = ''
    try {
      committed = readFileSync(DOC, 'utf8')
    } catch {}
    expect(
      comparable(committed),
      'docs/browser-behaviour.md differs from what Chromium did: rerun with CORSA_E2E_WRITE_DOCS=1 and review the diff',
    ).toBe(comparable(doc))
  })
})
