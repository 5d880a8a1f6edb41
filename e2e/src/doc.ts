/** docs/browser-behaviour.md: the table of what Chromium did in each scenario, written from observations. */
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
    return [init.method ?? 'GET', ...Object.keys(init.headers ?? {}), init.credentials === 'include' && 'credentials']
      .filter(Boolean)
      .join(' + ')
  })
  return `${pages.join(', ')}: ${fetches.join(', ')}`
}

export function makeRow(
  scenario: Scenario,
  o: Observation,
  options: PolicyOptions,
  origins: PageOrigins,
  explained: string,
  ports: Ports,
): Row {
  const steps = o.steps.map((s) => (s.ok ? `read ${s.status}` : 'refused'))
  const outcome = [steps.join(', '), scenario.note?.(o)].filter(Boolean).join('; ')
  const profile = scenario.profile === 'persistent' ? ' [3rd-party cookies allowed]' : ''
  return {
    id: scenario.id,
    behaviour: scenario.title,
    request: withoutPorts(describeRequest(scenario, origins), ports) + profile,
    policy: scenario.withoutCorsa ?? withoutPorts(describePolicy(options), ports),
    outcome: withoutPorts(outcome, ports),
    console: withoutPorts(o.console.join('\n'), ports),
    devtools: [...new Set(o.issues.map((i) => (i.corsError ? `${i.code}: ${i.corsError}` : i.code)))].join(', '),
    explain: withoutPorts(explained, ports),
  }
}

/** The whole document. */
const HEAD = `| # | Behaviour | Page → API request | Policy | What the page got | Chromium console | DevTools issue | corsa \`explain()\` |
|---|---|---|---|---|---|---|---|`

export function renderDoc(version: string, adapters: readonly string[], rows: Row[], controls: Row[]): string {
  const lines = (rows: Row[]) => rows.map(
    (r, i) =>
      `| ${[
      String(i + 1),
      `**${prose(r.behaviour)}** (\`${r.id}\`)`,
      prose(r.request),
      code(cell(r.policy)),
      prose(r.outcome),
      code(cell(r.console)),
      prose(r.devtools),
      code(cell(r.explain)),
    ].join(' | ')} |`,
  ).join('\n')
  return `# What Chromium does with corsa's answers

<!-- Written by the e2e suite (e2e/test/browser.test.ts). Do not edit by hand: run
     CORSA_E2E_WRITE_DOCS=1 npx -y pnpm@10.34.8 --filter @corsa/e2e test
     The suite fails when this file differs from what Chromium did. -->

Observed with **Chromium ${version}** (Debian's \`chromium\` package, headless, driven by
playwright-core) by corsa's end-to-end suite. Every row is one scenario: a page on one origin
fetches from an API served with corsa, and the row records what the page could read, the
message Chromium printed in the console, the DevTools issue it raised, and what corsa's own
\`explain(policy, request)\` says about the request the server received. Every server the suite
runs made Chromium do exactly the same, and the suite checks that too:
${adapters.map((a) => `\`${a}\``).join(', ')}.

The DevTools column lists the issues raised on the top page's DevTools session (\`Audits\`); the
issues of the sandboxed iframe's requests did not reach that session, so those rows show none.

For a refusal because of credentials, \`explain()\` reports the origin as allowed: a server cannot
see a request's credentials mode, and corsa allowed the origin. The fix is \`credentials: true\`
with a list of origins (never \`origin: '*'\`).

Use it to look up a console message: find the row whose message matches yours, and read which
policy option caused it.

How the suite sets the stage:

- Real origins on one machine: Chromium runs with
  \`--host-resolver-rules="MAP *.test 127.0.0.1, …"\`; the API listens on \`<api>\` and pages on
  \`<page>\` (another https port is \`<page2>\`, plain http is \`<http>\`). Ports change from run to
  run, so the table names them.
- https everywhere, with a certificate made at test time and trusted by its key
  (\`--ignore-certificate-errors-spki-list\`): \`--ignore-certificate-errors\` alone would turn
  Chromium's HTTP cache off.
- \`app.test\` → \`api.test\` is **cross-site**; \`app.example.test\` → \`api.example.test\` is
  **same-site** (both are cross-origin, so CORS applies in full).

## Cookies: what users must do

- A fresh Chromium profile **blocks third-party cookies**: a page on \`app.test\` calling
  \`api.test\` with \`credentials: 'include'\` gets a readable response, but a
  \`SameSite=None; Secure\` cookie from \`api.test\` is refused (the blocked reason DevTools gives
  is in the \`cookies-cross-site-fresh\` row) and never sent back. CORS is not the cause, and no
  CORS option changes it: the response is readable, the cookie is simply not stored.
- A \`Partitioned\` (CHIPS) cookie, \`SameSite=None; Secure; Partitioned\`, works in both profiles.
- With third-party cookies allowed (chrome://settings/cookies, or \`{"profile":{"cookie_controls_mode":0}}\`
  in the profile's Preferences, as the suite does) the plain \`SameSite=None; Secure\` cookie works.
- Same-site deployments (\`app.example.com\` → \`api.example.com\`) get every cookie, \`SameSite=Lax\`
  included. Prefer them, or partitioned cookies, or token auth (\`Authorization\`).

## Scenarios

${HEAD}
${lines(rows)}

## Controls

What Chromium does with answers corsa never gives, from a server without corsa. They show that
the suite would see what the scenarios above assert is absent.

${HEAD}
${lines(controls)}
`
}

/** The document without the Chromium build number: a patch update of Chromium does not make it stale. */
export const comparable = (doc: string) => doc.replace(/Chromium (\d+)\.[0-9.]+/g, 'Chromium $1')
