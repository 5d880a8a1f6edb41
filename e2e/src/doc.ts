/** docs/browser-behaviour.md: the table of what each engine did in each scenario, written from observations. */
import { ENGINE_TITLE, type EngineName } from './engine.ts'
import type { Observation } from './run.ts'
import type { Scenario } from './scenarios.ts'
import type { PageOrigins, PolicyOptions } from './world.ts'

/** One row of the table, already free of ports and names that change between runs. */
export interface Row {
  id: string
  behaviour: string
  request: string
  policy: string
  outcome: string
  console: string
  devtools: string
  explain: string
}

export type Ports = Record<string, number>

/** Replaces each port with its name, so a row reads the same on every run and every adapter. */
export function withoutPorts(text: string, ports: Ports): string {
  let out = text
  for (const [name, port] of Object.entries(ports)) out = out.replace(new RegExp(`(:|%3A)${port}(?!\\d)`, 'g'), `$1<${name}>`)
  return out
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ')
/** Plain (not code) cells: `<page>` must not read as an HTML tag. */
const prose = (text: string) => cell(text).replace(/</g, '&lt;').replace(/>/g, '&gt;')
const code = (text: string) => (text ? `\`${text.replace(/`/g, "'")}\`` : '')

function describePolicy(options: PolicyOptions): string {
  const parts = Object.entries(options).map(([k, v]) => `${k}: ${JSON.stringify(v).replace(/"/g, "'").replace(/,/g, ', ')}`)
  return parts.length ? `{ ${parts.join(', ')} }` : "{} (origin '*')"
}

function describeRequest(scenario: Scenario, origins: PageOrigins): string {
  const pages = [...new Set(scenario.steps.map((s) => `${origins[s.page ?? scenario.page]}${s.sandboxed ? ' (sandboxed iframe)' : ''}`))]
  const fetches = scenario.steps.map((s) => {
    const init = s.init ?? {}
    return [init.method ?? 'GET', ...Object.keys(init.headers ?? {}), init.credentials === 'include' && 'credentials'].filter(Boolean).join(' + ')
  })
  return `${pages.join(', ')}: ${fetches.join(', ')}`
}

export function makeRow(scenario: Scenario, o: Observation, options: PolicyOptions, origins: PageOrigins, explained: string, ports: Ports): Row {
  const steps = o.steps.map((s) => (s.ok ? `read ${s.status}` : 'refused'))
  const outcome = [steps.join(', '), scenario.note?.(o)].filter(Boolean).join('; ')
  const profile = scenario.profile === 'persistent' ? ' [3rd-party cookies allowed]' : ''
  return {
    id: scenario.id,
    behaviour: scenario.title,
    request: withoutPorts(describeRequest(scenario, origins), ports) + profile,
    policy: scenario.withoutCorsa ?? withoutPorts(describePolicy(options), ports),
    outcome: withoutPorts(outcome, ports),
    console: withoutPorts(o.console.join('\n'), ports).replaceAll(`s=${o.engine}.`, 's='),
    devtools: [...new Set(o.issues.map((i) => (i.corsError ? `${i.code}: ${i.corsError}` : i.code)))].join(', '),
    explain: withoutPorts(explained, ports),
  }
}

/** What one engine did: its rows (first adapter) and how it was driven. */
export interface EngineRows {
  name: EngineName
  version: string
  driver: string
  consoleVisible: boolean
  rows: Row[]
  controls: Row[]
}

/** One engine's cell: what the page got, then the console message and DevTools issue, if any. */
function engineCell(r: Row | undefined, consoleVisible: boolean): string {
  if (!r) return ''
  const parts = [prose(r.outcome)]
  if (r.console) parts.push(`console: ${code(cell(r.console))}`)
  else if (!consoleVisible && /refused/.test(r.outcome)) parts.push('console: not available to automation')
  if (r.devtools) parts.push(`DevTools: ${prose(r.devtools)}`)
  return parts.join('<br>')
}

/** `explain()` is about the request the server got; it is shown once, or per engine where the requests differed. */
function explainCell(engines: EngineRows[], pick: (e: EngineRows) => Row | undefined): string {
  const texts = engines.map((e) => pick(e)?.explain ?? '')
  if (new Set(texts).size <= 1) return code(cell(texts[0] ?? ''))
  return engines.map((e, i) => `${ENGINE_TITLE[e.name]}: ${code(cell(texts[i]!))}`).join('<br>')
}

function table(engines: EngineRows[], pick: (e: EngineRows, i: number) => Row | undefined, count: number): string {
  const head = `| # | Behaviour | Page → API request | Policy | ${engines.map((e) => ENGINE_TITLE[e.name]).join(' | ')} | corsa \`explain()\` |
|---|---|---|---|${engines.map(() => '---|').join('')}---|`
  const lines: string[] = []
  for (let i = 0; i < count; i++) {
    const r = pick(engines[0]!, i)!
    lines.push(
      `| ${[
        String(i + 1),
        `**${prose(r.behaviour)}** (\`${r.id}\`)`,
        prose(r.request),
        code(cell(r.policy)),
        ...engines.map((e) => engineCell(pick(e, i), e.consoleVisible)),
        explainCell(engines, (e) => pick(e, i)),
      ].join(' | ')} |`,
    )
  }
  return `${head}\n${lines.join('\n')}`
}

/** The verdict of each step (`read 200`, `refused`, …), which is what the page could do. */
const verdict = (r: Row) => r.outcome.split(';')[0]!

/** Scenarios where the engines did not do the same: a different verdict, or different facts. */
function differences(engines: EngineRows[]): string {
  const lines: string[] = []
  const all = [
    ...engines[0]!.rows.map((_, i) => (e: EngineRows) => e.rows[i]),
    ...engines[0]!.controls.map((_, i) => (e: EngineRows) => e.controls[i]),
  ]
  for (const pick of all) {
    const rs = engines.map((e) => pick(e)!)
    if (new Set(rs.map((r) => r.outcome)).size <= 1) continue
    const kind = new Set(rs.map(verdict)).size > 1 ? 'what the page could read differs' : 'same verdict, different facts'
    lines.push(
      `- **${prose(rs[0]!.behaviour)}** (\`${rs[0]!.id}\`, ${kind}):\n${engines.map((e, i) => `  - ${ENGINE_TITLE[e.name]}: ${prose(rs[i]!.outcome)}`).join('\n')}`,
    )
  }
  return lines.join('\n')
}

/** A face the suite serves, and the scenario ids it runs when it runs only some of them. */
export interface DocFace {
  name: string
  subset?: readonly string[]
}

/** The faces that ran every scenario, then each group of faces that ran the same subset. */
function describeFaces(faces: readonly DocFace[]): string {
  const names = (list: readonly DocFace[]) => list.map((f) => `\`${f.name}\``).join(', ')
  const groups = new Map<string, DocFace[]>()
  for (const face of faces.filter((f) => f.subset)) {
    const key = face.subset!.join(', ')
    groups.set(key, [...(groups.get(key) ?? []), face])
  }
  const subsets = [...groups].map(([, list]) => `; ${names(list)} in the rows they run (${list[0]!.subset!.map((id) => `\`${id}\``).join(', ')})`)
  return `${names(faces.filter((f) => !f.subset))} in every row${subsets.join('')}`
}

export function renderDoc(engines: EngineRows[], adapters: readonly DocFace[], nginx: string): string {
  const versions = engines.map((e) => `**${e.version}**`).join(', ')
  return `# What browsers do with corsa's answers

<!-- Written by the e2e suite (e2e/test/browser.test.ts). Do not edit by hand: run
     CORSA_E2E_WRITE_DOCS=1 npx -y pnpm@10.34.8 --filter @corsa/e2e test
     The suite fails when this file differs from what the engines did. -->

Observed with ${versions} (all from Debian) by corsa's end-to-end suite. Every row is one
scenario: a page on one origin fetches from an API served with corsa, and the row records, per
engine, what the page could read and the message the engine printed in its console (and, for
Chromium, the DevTools issue it raised), and what corsa's own \`explain(policy, request)\` says
about the request the server received. Every server the suite runs made each engine do exactly
the same, and the suite checks that too: ${describeFaces(adapters)}.

Use it to look up a console message: find the row whose message matches yours, and read which
policy option caused it.

For a refusal because of credentials, \`explain()\` reports the origin as allowed: a server cannot
see a request's credentials mode, and corsa allowed the origin. The fix is \`credentials: true\`
with a list of origins (never \`origin: '*'\`).

## How each engine is driven

${engines.map((e) => `- **${ENGINE_TITLE[e.name]}** (${e.version}): ${e.driver}.`).join('\n')}

No engine's HTTP cache is turned off by the setup (WebKit's WebDriver sessions have none, see below). Firefox and WebKit reach the test hosts through a small
forward proxy on 127.0.0.1 that tunnels \`CONNECT <test host>:<port>\` to that port on 127.0.0.1
(and forwards the one plain-http page) and refuses everything else; Chromium maps the hosts with
\`--host-resolver-rules\`. Pages are on \`<page>\` (another https port is \`<page2>\`, plain
http is \`<http>\`), the API on \`<api>\`, the shared cache in front of it on \`<cache>\` and in
front of the control peer on \`<peer>\`. Ports change from run to run, so the table names them.

- Console: Chromium's page console; Firefox's WebDriver BiDi log entries (\`log.entryAdded\`, error
  level: Firefox sends no warnings); **WebKit's console is not available to automation** (classic
  WebDriver has no log, and MiniBrowser writes no console messages to stdout in a WebDriver session),
  so WebKit's refusals are checked by what the page got and by \`explain()\` only.
- Firefox names neither the refused origin nor the refused method in its message ("CORS header
  ‘Access-Control-Allow-Origin’ missing", "Did not find method in CORS header
  ‘Access-Control-Allow-Methods’"): the suite checks its cause; where a message names a header or an
  origin, the suite checks that too.
- Fresh state: Chromium and Firefox get a context per corsa face (cookies and caches apart); WebKit
  gets one MiniBrowser session per face and profile. Every scenario's URLs are its own (a
  \`s=<scenario>\` query and the face's port), so preflight caches never carry over between scenarios.
- WebKit's WebDriver sessions are ephemeral and have **no HTTP cache**: the browser-cache rows show
  every fetch reaching the server in WebKit. That is the automation session, not Safari; the shared
  cache rows do not depend on it.
- Cookies: "fresh" is each engine's shipped third-party cookie policy (Chromium: blocked; Firefox:
  Total Cookie Protection, \`network.cookie.cookieBehavior\` 5; MiniBrowser: \`no-third-party\`);
  "3rd-party cookies allowed" is Chromium's \`cookie_controls_mode\` 0, Firefox's
  \`cookieBehavior\` 0 (a second Firefox launch, only for that scenario) and MiniBrowser's
  \`--cookies-policy=always\`.
- \`app.test\` → \`api.test\` is **cross-site**; \`app.example.test\` → \`api.example.test\` is
  **same-site** for Chromium and Firefox (both are cross-origin, so CORS applies in full).

## The shared cache

The \`shared-cache-*\` rows go through ${nginx} with \`proxy_cache\`, set up as a CDN: it stores what
the response's \`Cache-Control\` allows (\`public, max-age=600\` here; a 200 without one for 10
minutes), honours \`Vary\` (one copy per value), ignores no response header, and ignores the
request's own \`Cache-Control\` as CDNs do, so the pages' \`fetch(url, { cache: 'no-store' })\`
skips the browser's cache and only the shared one can answer from a copy. corsa sends
\`Vary: Origin\` whenever the answer depends on the origin, so every origin (and "no origin") gets
its own copy; a public policy (\`origin: '*'\`) sends the same answer to everyone and lets one copy
serve all. The control peer echoes the origin without \`Vary\`, and the cache serves one origin's
\`Access-Control-Allow-Origin\` to another: the scenario can fail, and does without corsa.

## Cookies: what users must do

Cookies depend on the engine and the user's settings, never on CORS: in every cookie row the
responses are readable; a cookie is stored and sent back, or not.

- Cross-site (\`app.test\` → \`api.test\`), with each engine's shipped settings: Chromium stores only
  the \`Partitioned\` (CHIPS) cookie; Firefox (Total Cookie Protection) stores the plain
  \`SameSite=None; Secure\` cookie too, partitioned by the top-level site, so it comes back to the
  same site only; WebKit stores none, not even the \`Partitioned\` one. With third-party cookies
  allowed, all three send back the \`SameSite=None\` and the \`Partitioned\` cookie.
- Same-site (\`app.example.test\` → \`api.example.test\`): Chromium and Firefox send every cookie,
  \`SameSite=Lax\` included. WebKit sent none here because \`test\` is not on the Public Suffix
  List, so it sees two sites; with a real suffix (\`app.example.com\` → \`api.example.com\`) it
  treats them as one site.
- So: the only cookie setup that works in all three engines is a same-site API
  (\`api.example.com\` for \`app.example.com\`). Otherwise use token auth (\`Authorization\`).

## What differs between engines

Generated from the runs: every scenario whose outcome was not the same in all engines.

${differences(engines)}

What corsa does about it:

- CORS verdicts (what a page can read) were the same in all three engines for every corsa face,
  including wildcard handling, lowercase methods, \`null\` origins, redirects and credentials. corsa
  sends exact names where a wildcard would mean different things to different engines:
  \`Access-Control-Allow-Headers\` names \`authorization\` instead of \`*\` (Chromium raises a
  deprecation issue for a \`*\` that covers it; Firefox and WebKit accept it silently), and
  \`Access-Control-Expose-Headers\` lists the names with credentials.
- The preflight cache: Firefox does not reuse a cached preflight for a request header it allowed
  through a literal \`Access-Control-Allow-Headers: *\` (the \`max-age-*\` rows keep the default
  \`allowHeaders: '*'\`), so it preflights every such request, \`maxAge\` or not. To keep Firefox's
  preflight cache, list \`allowHeaders\`. corsa sends \`maxAge\` as configured; the engines cap it
  themselves.
- Caches: corsa sends \`Vary: Origin\` whenever its answer depends on the origin, so neither the
  browser's cache nor a shared cache (the \`shared-cache-*\` rows, in all three engines) can give one
  origin another's answer; the control without \`Vary\` is poisoned in all three.
- Cookies: no CORS option changes them (see above); WebKit's refusals cannot be read from its
  console by automation, so \`explain()\` is the only witness there.

## Scenarios

${table(engines, (e, i) => e.rows[i], engines[0]!.rows.length)}

## Controls

What the engines do with answers corsa never gives, from servers without corsa. They show that
the suite would see what the scenarios above assert is absent.

${table(engines, (e, i) => e.controls[i], engines[0]!.controls.length)}
`
}

/** The document without build numbers: a patch update of an engine or nginx does not make it stale. */
export const comparable = (doc: string) =>
  doc
    .replace(/Chromium (\d+)\.[0-9.]+/g, 'Chromium $1')
    .replace(/Firefox ESR (\d+)\.[0-9.]+(esr)?/g, 'Firefox ESR $1')
    .replace(/WebKitGTK (\d+\.\d+)\.\d+/g, 'WebKitGTK $1')
    .replace(/nginx\/(\d+\.\d+)\.\d+/g, 'nginx/$1')
