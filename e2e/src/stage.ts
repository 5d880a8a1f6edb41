/**
 * Sets the stage once for the whole suite: certificate, page servers, upstream, API servers, the
 * shared cache in front of them, the control peer and the proxy that Firefox and WebKit go through.
 * Engines are launched one at a time on this stage (`launchEngine`).
 */
import { makeCertificate, type TestCertificate } from './cert.ts'
import { launchChromium } from './chromium.ts'
import type { Engine, EngineName } from './engine.ts'
import type { Ports } from './doc.ts'
import { launchFirefox } from './firefox.ts'
import { startProxy } from './proxy.ts'
import { listenHttp, listenHttps, pageListener, type Running, upstreamListener } from './servers/node-host.ts'
import type { Adapter, ApiServer } from './servers/types.ts'
import { type SharedCache, startPoisonablePeer, startSharedCache } from './shared-cache.ts'
import { launchWebKit } from './webkit.ts'
import { HOSTS, type PageOrigins, pageOrigins, type Policies, policies, type Recorded } from './world.ts'

export interface Stage {
  tls: TestCertificate
  origins: PageOrigins
  policies: Policies
  servers: Map<string, ApiServer>
  cache: SharedCache
  /** The control peer without `Vary`, behind the shared cache. */
  peer: { port: number; requests(): Recorded[] }
  /** The CONNECT proxy's port (Firefox and WebKit). */
  proxyPort: number
  /** Ports by name (page, page2, http, api, cache, peer), for the docs. */
  ports(adapter: string): Ports
  close(): Promise<void>
}

export async function setStage(adapters: readonly Adapter[]): Promise<Stage> {
  const cleanup: (() => Promise<unknown>)[] = []
  const closeAll = async () => {
    await Promise.allSettled(cleanup.reverse().map((close) => close()))
  }
  try {
    const tls = makeCertificate(HOSTS)
    const started = async <T extends Running>(server: Promise<T>) => {
      const running = await server
      cleanup.push(running.close)
      return running
    }
    const [page, page2, plain, upstream, peer, proxy] = await Promise.all([
      started(listenHttps(tls, pageListener)),
      started(listenHttps(tls, pageListener)),
      started(listenHttp(pageListener)),
      started(listenHttp(upstreamListener)),
      started(startPoisonablePeer(tls)),
      started(startProxy()),
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
    const cache = await startSharedCache(tls, [...[...servers.values()].map((s) => s.port), peer.port])
    cleanup.push(cache.close)
    return {
      tls,
      origins,
      policies: all,
      servers,
      cache,
      peer,
      proxyPort: proxy.port,
      ports: (adapter) => {
        const api = servers.get(adapter)!.port
        return {
          page: page.port,
          page2: page2.port,
          http: plain.port,
          api,
          cache: cache.portFor(api),
          peer: cache.portFor(peer.port),
        }
      },
      close: closeAll,
    }
  } catch (error) {
    await closeAll()
    throw error
  }
}

/** Launches one engine on the stage. */
export function launchEngine(name: EngineName, stage: Stage): Promise<Engine> {
  switch (name) {
    case 'chromium':
      return launchChromium(stage.tls.spki)
    case 'firefox':
      return launchFirefox(stage.proxyPort)
    case 'webkit':
      return launchWebKit(stage.proxyPort)
  }
}
