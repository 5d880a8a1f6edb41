// The conformance suite against h3 v2 apps served on Node by h3's own serve() (srvx).
import { runConformance } from '@corsa/testkit/conformance'
import { serve } from 'h3'
import { APPS, type AppName, conformanceApp } from './support/apps.js'

runConformance('h3 v2 on Node (srvx)', async () => {
  const servers = await Promise.all(
    APPS.map(async (name) => {
      const server = serve(conformanceApp(name), { port: 0, hostname: '127.0.0.1', silent: true })
      await server.ready()
      return [name, server] as const
    }),
  )
  const byName = new Map(servers)
  return {
    url: (app: AppName) => byName.get(app)!.url!.replace(/\/$/, ''),
    stop: async () => {
      await Promise.all(servers.map(([, server]) => server.close(true)))
    },
  }
})
