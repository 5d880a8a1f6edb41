// Run by the real bun binary: the four conformance apps and docs/elysia.md's example, each on
// its own port, reported as one JSON line.
import { APPS, conformanceApp } from './apps.js'
import { app as example } from '../../examples/app.js'
import { elysiajsApp, hooksApp } from './more-apps.js'

const ports: Record<string, number> = {}
for (const name of APPS) ports[name] = conformanceApp(name).listen({ port: 0, hostname: '127.0.0.1' }).server!.port!
ports.hooks = hooksApp().listen({ port: 0, hostname: '127.0.0.1' }).server!.port!
ports.elysiajs = elysiajsApp().listen({ port: 0, hostname: '127.0.0.1' }).server!.port!
ports.example = example.listen({ port: 0, hostname: '127.0.0.1' }).server!.port!
console.log(JSON.stringify({ ports, bun: Bun.version }))
