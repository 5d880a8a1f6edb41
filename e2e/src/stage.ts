/** Sets the stage once for the whole suite: certificate, page servers, upstream, API servers, browsers. */
import type { BrowserContext } from 'playwright-core'
import { makeCertificate } from './cert.ts'
import { PagePool } from './run.ts'
import { type Browsers, launchBrowsers, type Profile } from './chromium.ts'
import type { Ports } from './doc.ts'
import { listenHttp, listenHttps, pageListener, type Running, upstreamListener } from './servers/node-host.ts'
import type { Adapter, ApiServer } from './servers/types.ts'
import { HOSTS, type PageOrigins, pageOrigins, type Policies, policies } from './world.ts'

export interface Stage {
  origins: PageOrigins
  policies: Policies
  browsers: Browsers
  servers: Map<string, ApiServer>
  pages: PagePool
  /** Ports by name (page, page2, http, api), for the docs. */
  ports(adapter: string): Ports
  context(adapter: string, profile: Profile): Promise<BrowserContext>
  close(): Promise<void>
}

export async function setStage(adapters: readonly Adapter[]): Promise<Stage> {
  const cleanup: (() => Promise<unknown>)[] = []
  const closeAll = async () => {
    await Promise.allSettled(cleanup.reverse().map((close) => close()))
  }
  try {
    const tls = makeCertificate(HOSTS)
    const started = async (server: Promise<Running>) => {
      const running = await server
      cleanup.push(running.close)
      return running
    }
    const [page, page2, plain, upstream] = await Promise.all([
      started(listenHttps(tls, pageListener)),
      started(listenHttps(tls, pageListener)),
      started(listenHttp(pageListener)),
      started(listenHttp(upstreamListener)),
    ])
    const origins = pageOrigins({ https: page.port, https2: page2.port, http: plain.port })
    const all = policies(origins)
    const config = { policies: all, upstream: `http://127.0.0.1:${upstream.port}`, key: tls.key, cert: tls.cert }
    const servers = new Map<string, ApiServer>()
    await Promise.all(
      adapters.map(async (adapter) => {
        const server = await adapter.start(config)
        cleanup.push(server.close)
        servers.set(adapter.name, server)
      }),
    )
    const browsers = await launchBrowsers(tls.spki)
    cleanup.push(browsers.close)
    const contexts = new Map<string, Promise<BrowserContext>>()
    return {
      origins,
      policies: all,
      browsers,
      servers,
      pages: new PagePool(),
      ports: (adapter) => ({ page: page.port, page2: page2.port, http: plain.port, api: servers.get(adapter)!.port }),
      context(adapter, profile) {
        if (profile === 'persistent') return Promise.resolve(browsers.persistent)
        // A fresh context per adapter: its own cookies and caches.
        let context = contexts.get(adapter)
        if (!context) contexts.set(adapter, (context = browsers.fresh.newContext()))
        return context
      },
      close: closeAll,
    }
  } catch (error) {
    await closeAll()
    throw error
  }
}
