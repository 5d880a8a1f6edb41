/**
 * Bundles an Edge function with esbuild (platform "neutral": a Node built-in anywhere in the
 * graph fails the build) and serves it from inside @edge-runtime/vm's EdgeVM, the sandbox of
 * Vercel's Edge runtime, through edge-runtime's HTTP server on 127.0.0.1, port 0.
 */
import { build } from 'esbuild'
import { EdgeRuntime, runServer } from 'edge-runtime'

export async function bundleEdgeFunction(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'iife',
    globalName: '__edgeFunction',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    conditions: ['edge-light', 'worker', 'browser'],
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  })
  return result.outputFiles[0]!.text
}

export interface RunningEdgeFunction {
  url: string
  runtime: EdgeRuntime
  config: unknown
  close(): Promise<void>
}

/** Loads the bundle into a fresh EdgeVM, routes its fetch events to the default export, and serves it. */
export async function startEdgeFunction(entry: string): Promise<RunningEdgeFunction> {
  const initialCode = `${await bundleEdgeFunction(entry)}
self.addEventListener('fetch', (event) => event.respondWith(__edgeFunction.default(event.request)))`
  const runtime = new EdgeRuntime({ initialCode })
  const server = await runServer({ runtime, port: 0, host: '127.0.0.1' })
  const config = runtime.evaluate('JSON.stringify(__edgeFunction.config)')
  return { url: server.url.replace(/\/$/, ''), runtime, config: JSON.parse(config as string), close: () => server.close() }
}
