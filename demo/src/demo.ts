/**
 * corsa's demo: an API on one origin and a page on another. The page makes cross-origin
 * requests; the API answers through corsa and records corsa's explanation of each request, which
 * the page then shows next to what the browser let it see.
 */
import type { AddressInfo } from 'node:net'
import { serve, type ServerType } from '@hono/node-server'
import { cors, type CorsDecision, explain, withCors } from '@corsa/core'

export type Explained = CorsDecision & { request: string }

export interface Demo {
  apiUrl: string
  pageUrl: string
  /** corsa's decisions (a preflight's, then the request's) for each request the page tagged `?demo=<id>`. */
  decisions: Map<string, Explained[]>
  close(): Promise<void>
}

/** Starts the API and the page on 127.0.0.1 (`localhost` in the printed URLs); port 0 picks free ports. */
export async function startDemo(ports: { api?: number; page?: number } = {}): Promise<Demo> {
  const pageServer = await listen(ports.page ?? 0, () => new Response('starting', { status: 503 }))
  const pageOrigin = `http://localhost:${port(pageServer)}`
  const decisions = new Map<string, Explained[]>()

  // Three policies, one per kind of endpoint. Each is checked when it is created.
  const policies = {
    // The page may read, without cookies, and may send PUT with a JSON body (a preflighted request).
    public: { origin: [pageOrigin], allowMethods: ['GET', 'PUT'], allowHeaders: ['Content-Type'], maxAge: 600 },
    // Only an origin the page is not on may read: the browser blocks the page.
    admin: { origin: ['https://admin.example.com'] },
    // The page may send and receive cookies; corsa warns (in this terminal) about cookies browsers drop.
    session: { origin: [pageOrigin], credentials: true, cookieWarnings: true },
  } as const

  const routes: Record<string, { policy: keyof typeof policies; handle: (req: Request) => Response | Promise<Response> }> = {
    '/api/hello': { policy: 'public', handle: () => Response.json({ hello: 'world', at: new Date().toISOString() }) },
    '/api/items/1': {
      policy: 'public',
      handle: async (req) => (req.method === 'PUT' ? Response.json({ saved: await req.json() }) : Response.json({ id: 1 })),
    },
    '/api/admin': { policy: 'admin', handle: () => Response.json({ secret: 'only for admin.example.com' }) },
    '/api/login-wrong': {
      policy: 'session',
      handle: () =>
        Response.json(
          { loggedIn: true },
          // The classic mistake: SameSite=None without Secure. Chromium and Firefox drop it and say nothing in the console.
          { headers: { 'set-cookie': `demo_session=${crypto.randomUUID()}; Path=/; HttpOnly; SameSite=None` } },
        ),
    },
    '/api/login': {
      policy: 'session',
      handle: () =>
        Response.json(
          { loggedIn: true },
          // localhost:5173 and localhost:8787 are the same site, so a SameSite=Lax cookie works.
          { headers: { 'set-cookie': `demo_session=${crypto.randomUUID()}; Path=/; HttpOnly; SameSite=Lax` } },
        ),
    },
    '/api/me': {
      policy: 'session',
      handle: (req) => {
        const session = /(?:^|;\s*)demo_session=([^;]+)/.exec(req.headers.get('cookie') ?? '')?.[1]
        return session ? Response.json({ session }) : Response.json({ error: 'no session cookie' }, { status: 401 })
      },
    },
  }

  // One compiled policy (for explanations) and one wrapper per kind of endpoint, created once.
  type Handle = (req: Request) => Response | Promise<Response>
  const compiled = {
    public: { policy: cors(policies.public), wrap: (handle: Handle) => withCors(handle, policies.public) },
    admin: { policy: cors(policies.admin), wrap: (handle: Handle) => withCors(handle, policies.admin) },
    session: { policy: cors(policies.session), wrap: (handle: Handle) => withCors(handle, policies.session) },
  }
  const served = Object.fromEntries(
    Object.entries(routes).map(([path, route]) => {
      const { policy, wrap } = compiled[route.policy]
      return [path, { policy, handler: wrap(route.handle) }]
    }),
  )

  const explanations = withCors((req: Request) => {
    const id = new URL(req.url).searchParams.get('id') ?? ''
    return Response.json(decisions.get(id) ?? [])
  }, policies.public)

  const apiServer = await listen(ports.api ?? 0, async (req) => {
    const url = new URL(req.url)
    if (url.pathname === '/api/explain') return explanations(req)
    const route = served[url.pathname]
    if (!route) return new Response('not found', { status: 404 })
    const response = (await route.handler(req)) as Response
    // With the response, corsa also says what each browser engine does with each cookie it sets.
    const decision = await explain(route.policy, req, response)
    const tag = url.searchParams.get('demo')
    const line = `${req.method} ${url.pathname} from ${req.headers.get('origin') ?? '(no Origin)'}`
    if (tag) decisions.set(tag, [...(decisions.get(tag) ?? []), { ...decision, request: line }])
    console.log(`${line}\n  corsa: ${decision.allowed ? 'allowed' : 'refused'} (${decision.reason}): ${decision.message}`)
    return response
  }).catch((error: unknown) => {
    pageServer.close()
    throw error
  })
  const apiUrl = `http://localhost:${port(apiServer)}`

  pageServer.removeAllListeners('request')
  const page = pageHtml(apiUrl)
  pageServer.on('request', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page)
  })

  return {
    apiUrl,
    pageUrl: pageOrigin,
    decisions,
    close: async () => {
      await Promise.all([apiServer, pageServer].map((s) => new Promise<void>((resolve) => s.close(() => resolve()))))
    },
  }
}

function listen(portNumber: number, fetch: (req: Request) => Response | Promise<Response>): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port: portNumber, hostname: '127.0.0.1' }, () => resolve(server))
    server.once('error', reject)
  })
}

function port(server: ServerType): number {
  return (server.address() as AddressInfo).port
}

/** The page: a few cross-origin requests, each shown with the browser's verdict and corsa's reason. */
function pageHtml(api: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>corsa demo</title>
<style>
  body { font: 15px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1d2330 }
  li { margin: 0 0 1rem; list-style: none; border-left: 4px solid #bbb; padding: .25rem .75rem }
  li.ok { border-color: #2a9d5c } li.blocked { border-color: #d1495b }
  code, pre { font: 13px ui-monospace, monospace } pre { margin: .25rem 0; white-space: pre-wrap }
  .why { color: #555 }
</style></head>
<body>
<h1>corsa demo</h1>
<p>This page is on <code id="here"></code>; the API is on <code>${api}</code>, another origin.
Each request below is made by this page with <code>fetch()</code>. The browser decides what the page may read;
corsa's explanation comes from the API.</p>
<button id="again">Run again</button>
<ol id="results"></ol>
<script type="module">
const api = ${JSON.stringify(api)}
document.getElementById('here').textContent = location.origin
let n = 0
const scenarios = [
  ['An allowed GET', 'GET /api/hello', () => fetch(tag(api + '/api/hello'))],
  ['A GET from an origin the API does not allow', 'GET /api/admin', () => fetch(tag(api + '/api/admin'))],
  ['A preflighted PUT with a JSON body', 'PUT /api/items/1', () => fetch(tag(api + '/api/items/1'), {
    method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'corsa' }) })],
  ['Log in, the wrong way: the cookie is SameSite=None without Secure', 'POST /api/login-wrong', () => fetch(tag(api + '/api/login-wrong'), { method: 'POST', credentials: 'include' })],
  ['The next request: the browser dropped the cookie, and its console says nothing', 'GET /api/me', () => fetch(tag(api + '/api/me'), { credentials: 'include' })],
  ['Log in, the way corsa says: SameSite=Lax (two localhost ports are one site)', 'POST /api/login', () => fetch(tag(api + '/api/login'), { method: 'POST', credentials: 'include' })],
  ['The next request sends the cookie back', 'GET /api/me', () => fetch(tag(api + '/api/me'), { credentials: 'include' })],
]
let current = ''
function tag(url) { current = String(++n) + '-' + Date.now(); return url + '?demo=' + current }
async function run() {
  const list = document.getElementById('results')
  list.textContent = ''
  for (const [title, what, go] of scenarios) {
    const li = document.createElement('li')
    li.innerHTML = '<strong></strong> <code></code><pre class="browser"></pre><pre class="why"></pre>'
    li.querySelector('strong').textContent = title
    li.querySelector('code').textContent = what
    list.append(li)
    let browser
    try {
      const res = await go()
      browser = 'browser: the page can read it: ' + res.status + ' ' + (await res.text())
      li.className = 'ok'
    } catch (error) {
      browser = 'browser: blocked (' + error + '); the console says why'
      li.className = 'blocked'
    }
    li.querySelector('.browser').textContent = browser
    const why = await fetch(api + '/api/explain?id=' + current).then((r) => r.json()).catch(() => [])
    const cookies = why.flatMap((d) => d.cookies ?? [])
    li.querySelector('.why').textContent = why.length
      ? why.map((d) => 'corsa, ' + d.kind + ': ' + d.reason + ': ' + d.message).concat(cookies.map((c) => 'corsa, cookie: ' + c.reason + ': ' + c.message)).join('\\n')
      : 'corsa: (no explanation)'
    li.dataset.reasons = why.map((d) => d.reason).join(' ')
    li.dataset.cookies = cookies.map((c) => c.reason).join(' ')
  }
  document.body.dataset.done = 'yes'
}
document.getElementById('again').onclick = run
run()
</script>
</body></html>`
}
