/**
 * Bundles a worker with esbuild and serves it with the real workerd binary (npm package
 * `workerd`) on 127.0.0.1, port 0. workerd reports the port it got on its control fd.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { killBounded } from '@corsa/testkit/process'
import { build } from 'esbuild'

const workerd = (createRequire(import.meta.url)('workerd') as { default: string }).default

export interface RunningWorker {
  url: string
  output(): string
  stop(): Promise<void>
}

export async function bundleWorker(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    conditions: ['workerd', 'worker', 'browser'],
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  })
  return result.outputFiles[0]!.text
}

/** Serves `entry` in workerd with the given text bindings; resolves once it listens (within 20 s). */
export async function startWorker(entry: string, bindings: Record<string, string> = {}): Promise<RunningWorker> {
  const dir = await mkdtemp(join(tmpdir(), 'corsa-workerd-'))
  await writeFile(join(dir, 'worker.js'), await bundleWorker(entry))
  const bindingList = Object.entries(bindings)
    .map(([name, text]) => `(name = ${JSON.stringify(name)}, text = ${JSON.stringify(text)})`)
    .join(', ')
  await writeFile(
    join(dir, 'config.capnp'),
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    # Outbound fetch() may reach this machine only (the test's upstream on 127.0.0.1).
    (name = "loopback", network = (allow = ["local"])),
  ],
  sockets = [ (name = "http", address = "127.0.0.1:0", http = (), service = "main") ],
);
const worker :Workerd.Worker = (
  modules = [ (name = "worker.js", esModule = embed "worker.js") ],
  compatibilityDate = "2025-09-01",
  bindings = [ ${bindingList} ],
  globalOutbound = "loopback",
);
`,
  )
  const child: ChildProcess = spawn(workerd, ['serve', join(dir, 'config.capnp'), '--control-fd=3'], {
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk))
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk))
  const stop = async () => {
    await killBounded(child)
    await rm(dir, { recursive: true, force: true })
  }
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`workerd did not listen within 20 s:\n${output}`)), 20000)
    let control = ''
    child.stdio[3]!.on('data', (chunk: Buffer) => {
      control += chunk
      for (const line of control.split('\n')) {
        if (!line.trim()) continue
        const event = JSON.parse(line) as { event: string; socket?: string; port?: number }
        if (event.event === 'listen' && event.socket === 'http') {
          clearTimeout(timer)
          resolve(event.port!)
        }
      }
    })
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`workerd exited (${code}) before listening:\n${output}`))
    })
  }).catch(async (error: unknown) => {
    await stop()
    throw error
  })
  return { url: `http://127.0.0.1:${port}`, output: () => output, stop }
}
