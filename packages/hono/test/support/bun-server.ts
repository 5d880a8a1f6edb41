/**
 * Run by the real bun binary: serves every app of app.ts on 127.0.0.1 (random ports) with
 * Bun.serve, prints {"bun": version, "ports": {...}} on one line, and runs until killed.
 */
import { apps } from './app.js'

declare const Bun: {
  version: string
  serve(options: { port: number; hostname: string; fetch: (request: Request) => Response | Promise<Response> }): { port: number }
}

const ports: Record<string, number> = {}
for (const [name, build] of Object.entries(apps)) {
  ports[name] = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: build().fetch }).port
}
console.log(JSON.stringify({ bun: Bun.version, ports }))
