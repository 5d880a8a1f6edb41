import { readFileSync, writeFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { consoleCause, explainCause, explainRecorded, reasonMessage } from '../src/causes.ts'
import { comparable, type EngineRows, makeRow, renderDoc, type Row } from '../src/doc.ts'
import { type Engine, ENGINE_TITLE, type EngineName, ENGINES } from '../src/engine.ts'
import { runSteps } from '../src/run.ts'
import { controls, type Scenario, scenarios } from '../src/scenarios.ts'
import { csrfScenarios, csrfSuite } from '../src/scenarios-csrf.ts'
import { cookieDocs, cookieSuite } from '../src/scenarios-cookies.ts'
import { astroAdapter } from '../src/servers/astro.ts'
import { bunAdapter } from '../src/servers/bun.ts'
import { coreAdapter } from '../src/servers/core.ts'
import { denoAdapter } from '../src/servers/deno.ts'
import { elysiaAdapter } from '../src/servers/elysia.ts'
import { fastifyAdapter } from '../src/servers/fastify.ts'
import { h3Adapter } from '../src/servers/h3.ts'
import { honoAdapter } from '../src/servers/hono.ts'
import { ittyAdapter } from '../src/servers/itty.ts'
import { kitAdapter } from '../src/servers/kit.ts'
import { koaAdapter } from '../src/servers/koa.ts'
import { nodeAdapter } from '../src/servers/node.ts'
import { type Adapter, runs } from '../src/servers/types.ts'
import { launchEngine, type Stage, setStage } from '../src/stage.ts'

/** The first seven run every scenario; the rest run the subset of `src/servers/subset.ts` (e2e/README.md). */
const adapters: Adapter[] = [
  coreAdapter,
  nodeAdapter,
  honoAdapter,
  fastifyAdapter,
  koaAdapter,
  bunAdapter,
  denoAdapter,
  ittyAdapter,
  elysiaAdapter,
  h3Adapter,
  kitAdapter,
  astroAdapter,
]
const DOC = new URL('../../docs/browser-behaviour.md', import.meta.url)

let stage: Stage
beforeAll(async () => {
  stage = await setStage(adapters)
})
afterAll(async () => {
  await stage?.close()
})

test('every scenario a subset face names exists', () => {
  const known = new Set([...scenarios, ...csrfScenarios].map((s) => s.id))
  for (const adapter of adapters)
    expect(
      [...(adapter.scenarios ?? [])].filter((id) => !known.has(id)),
      adapter.name,
    ).toEqual([])
})

/** Rows observed per engine and adapter, for the docs and the cross-adapter comparison. */
const rows = new Map<EngineName, Map<string, Map<string, Row>>>(ENGINES.map((e) => [e, new Map(adapters.map((a) => [a.name, new Map()]))]))
const controlRows = new Map<EngineName, Map<string, Row>>(ENGINES.map((e) => [e, new Map()]))
const versions = new Map<EngineName, Engine>()

/** Runs one scenario against one adapter's server in one engine, checks it, and returns its row for the docs. */
async function play(engine: Engine, adapter: Adapter, scenario: Scenario): Promise<Row> {
  const server = stage.servers.get(adapter.name)!
  const options = stage.policies[scenario.policy]
  const ports = stage.ports(adapter.name)
  const o = await runSteps({
    id: scenario.id,
    engine: engine.name,
    page: scenario.page,
    steps: scenario.steps,
    window: await engine.window(adapter.name, scenario.profile ?? 'fresh'),
    origins: stage.origins,
    apiPort: server.port,
    pagePort: ports.page!,
    cachePort: ports.cache!,
    poisonablePort: ports.peer!,
    policy: scenario.policy,
    requests: async () => [...(await server.requests()), ...stage.peer.requests()],
  })
  scenario.check(o)
  let explained = ''
  if (scenario.refused) {
    const request = scenario.explainRequest?.(o) ?? o.requests.at(-1)
    expect(request, 'the server saw the refused request').toBeDefined()
    let corsa: { cause: string; subject: string | undefined } | undefined
    if (!scenario.withoutCorsa) {
      const decision = await explainRecorded(options, request!)
      corsa = explainCause(decision, options, request!)
      expect(corsa.cause, "explain()'s cause").toBe(scenario.refused)
      explained = `${decision.reason}: ${decision.message}`
    }
    if (engine.consoleVisible) {
      // The console and corsa's explain() name the same cause, about the same thing (when the message names it).
      expect(o.console.length, `${ENGINE_TITLE[engine.name]} logged why it refused`).toBeGreaterThan(0)
      const browser = consoleCause(reasonMessage(o.console, engine.name)!, engine.name)
      expect(browser.cause, `the cause in ${ENGINE_TITLE[engine.name]}'s console`).toBe(scenario.refused)
      if (corsa && browser.subject !== undefined) expect(browser.subject).toBe(corsa.subject)
    }
  } else {
    expect(o.console, `${ENGINE_TITLE[engine.name]} logged no CORS error`).toEqual([])
  }
  return makeRow(scenario, o, options, stage.origins, explained, ports)
}

/** Every engine; `CORSA_E2E_ENGINES=webkit` runs fewer while working on one (the docs tests then fail: nothing is skipped quietly). */
const selected = ENGINES.filter((e) => !process.env.CORSA_E2E_ENGINES || process.env.CORSA_E2E_ENGINES.split(',').includes(e))

for (const name of selected) {
  describe(ENGINE_TITLE[name], () => {
    let engine: Engine
    beforeAll(async () => {
      engine = await launchEngine(name, stage)
      versions.set(name, engine)
    })
    afterAll(async () => {
      await engine?.close()
    })

    for (const adapter of adapters) {
      describe(adapter.name, () => {
        for (const scenario of scenarios.filter((s) => runs(adapter, s.id))) {
          test(scenario.title, async () => {
            rows
              .get(name)!
              .get(adapter.name)!
              .set(scenario.id, await play(engine, adapter, scenario))
          })
        }
      })
    }

    cookieSuite(
      name,
      () => engine,
      () => stage,
    )

    csrfSuite(
      name,
      adapters,
      () => engine,
      () => stage,
    )

    describe('without corsa (controls)', () => {
      for (const control of controls) {
        test(control.title, async () => {
          controlRows.get(name)!.set(control.id, await play(engine, adapters[0]!, control))
        })
      }
    })
  })
}

describe('docs/browser-behaviour.md', () => {
  /** What one engine did in every scenario, as seen with the first adapter. */
  const observed = (name: EngineName) => {
    const reference = rows.get(name)!.get(adapters[0]!.name)!
    const missing = scenarios.filter((s) => !reference.has(s.id)).map((s) => s.id)
    expect(missing, `scenarios that did not complete in ${ENGINE_TITLE[name]}`).toEqual([])
    return scenarios.map((s) => reference.get(s.id)!)
  }

  for (const name of ENGINES) {
    test(`every adapter makes ${ENGINE_TITLE[name]} do exactly the same`, () => {
      const reference = observed(name)
      for (const adapter of adapters.slice(1)) {
        const mine = scenarios.filter((s) => runs(adapter, s.id))
        expect(
          mine.map((s) => rows.get(name)!.get(adapter.name)!.get(s.id)),
          adapter.name,
        ).toEqual(mine.map((s) => reference[scenarios.indexOf(s)]))
      }
    })
  }

  test('the committed table is what the engines did', () => {
    const engines: EngineRows[] = ENGINES.map((name) => {
      const missing = controls.filter((c) => !controlRows.get(name)!.has(c.id)).map((c) => c.id)
      expect(missing, `controls that did not complete in ${ENGINE_TITLE[name]}`).toEqual([])
      const engine = versions.get(name)!
      return {
        name,
        version: engine.version,
        driver: engine.driver,
        consoleVisible: engine.consoleVisible,
        rows: observed(name),
        controls: controls.map((c) => controlRows.get(name)!.get(c.id)!),
      }
    })
    const doc = renderDoc(
      engines,
      adapters.map((a) => ({ name: a.name, subset: a.scenarios && scenarios.filter((s) => runs(a, s.id)).map((s) => s.id) })),
      stage.cache.version,
    )
    if (process.env.CORSA_E2E_WRITE_DOCS === '1') writeFileSync(DOC, doc)
    let committed = ''
    try {
      committed = readFileSync(DOC, 'utf8')
    } catch {}
    expect(
      comparable(committed),
      'docs/browser-behaviour.md differs from what the engines did: rerun with CORSA_E2E_WRITE_DOCS=1 and review the diff',
    ).toBe(comparable(doc))
  })
})

cookieDocs(() => versions)
