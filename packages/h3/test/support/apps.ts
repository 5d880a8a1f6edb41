/** The conformance apps on h3 v2, each its own H3 app with corsa as its first middleware. */
import { APP, suitePolicy } from '@corsa/testkit/fixtures'
import { H3, HTTPError, redirect } from 'h3'
import { cors } from '@corsa/h3'

export const APPS = ['policy', 'twice', 'open', 'predicate'] as const
export type AppName = (typeof APPS)[number]

export function conformanceApp(name: AppName): H3 {
  let hits = 0
  const app = new H3()
  // A middleware before corsa: prepares Vary for /vary-before.
  app.use((event) => {
    if (event.url.pathname === '/vary-before') event.res.headers.set('vary', 'Accept-Encoding')
  })
  if (name === 'policy') app.use(cors(suitePolicy))
  if (name === 'twice') app.use(cors(suitePolicy)).use(cors(suitePolicy))
  if (name === 'open') app.use(cors())
  if (name === 'predicate') app.use(cors({ origin: async (origin, event) => origin === APP && event.url.pathname === '/ok', credentials: true }))
  app.get('/__hits', () => ({ hits }))
  // Counted after corsa: every request that reaches the routes, 404s included.
  app.use((event) => {
    if (event.url.pathname !== '/__hits') hits++
  })
  app.get('/ok', () => 'ok')
  app.options('/ok', () => 'app options')
  app.get('/status/:n', (event) => {
    const n = Number(event.context.params!.n)
    if (n >= 400) throw new HTTPError({ status: n })
    return new Response(n === 204 || n === 304 ? null : 'status', { status: n })
  })
  app.get('/throw', () => {
    throw new Error('boom')
  })
  app.get('/redirect', () => redirect('/ok', 302))
  app.get(
    '/stream',
    () =>
      new ReadableStream({
        async start(controller) {
          for (const chunk of ['a', 'b', 'c']) {
            controller.enqueue(new TextEncoder().encode(chunk))
            await new Promise((resolve) => setTimeout(resolve, 5))
          }
          controller.close()
        },
      }),
  )
  app.get(
    '/cookies',
    () =>
      new Response('cookies', {
        headers: [
          ['set-cookie', 'a=1; Path=/'],
          ['set-cookie', 'b=2; Path=/'],
        ],
      }),
  )
  app.get('/vary-before', () => 'vary')
  app.get('/vary-after', (event) => {
    event.res.headers.set('vary', 'Accept-Language')
    return 'vary'
  })
  app.get('/vary-star', () => new Response('vary', { headers: { vary: '*' } }))
  app.get('/own-cors', (event) => {
    const headers = event.res.headers
    headers.set('access-control-allow-origin', '*')
    headers.set('access-control-allow-credentials', 'false')
    headers.set('access-control-allow-methods', 'DELETE')
    headers.set('access-control-max-age', '5')
    headers.set('access-control-expose-headers', 'X-Secret')
    return 'own'
  })
  return app
}
