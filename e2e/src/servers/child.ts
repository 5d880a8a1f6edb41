/** API servers in other runtimes (Bun, Deno): a child process per runtime, bounded in time, killed at the end. */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import https from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Recorded, ServerConfig } from '../world.ts'
import type { ApiServer } from './types.ts'

export const E2E_ROOT = fileURLToPath(new URL('../..', import.meta.url))
export const bin = (name: string) => join(E2E_ROOT, 'node_modules', '.bin', name)

const START_TIMEOUT = 30_000

/** SIGTERM, then SIGKILL after 3 s; resolves when the process is gone. */
function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const hard = setTimeout(() => child.kill('SIGKILL'), 3000)
    child.once('exit', () => {
      clearTimeout(hard)
      resolve()
    })
    child.kill('SIGTERM')
  })
}

/** GET `/__log` over https, trusting only our certificate. */
function fetchLog(port: number, cert: string): Promise<Recorded[]> {
  return new Promise((resolve, reject) => {
    const req = https.get(
      { host: '127.0.0.1', port, path: '/__log', ca: cert, servername: 'api.test', headers: { host: `api.test:${port}` }, timeout: 10_000 },
      (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (chunk) => (body += chunk))
        res.on('end', () => {
          try {
            resolve(JSON.parse(body) as Recorded[])
          } catch (error) {
            reject(error)
          }
        })
      },
    )
    req.on('timeout', () => req.destroy(new Error('no /__log answer within 10 s')))
    req.on('error', reject)
  })
}

/** Starts `command ...args <config.json>`, waits for its `{"port":…}` line, and serves its log. */
export async function startChild(command: string, args: string[], config: ServerConfig): Promise<ApiServer & { runtime: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'corsa-e2e-server-'))
  const configFile = join(dir, 'config.json')
  writeFileSync(configFile, JSON.stringify(config))
  const child = spawn(command, [...args, configFile], { cwd: E2E_ROOT, env: { ...process.env, NO_COLOR: '1' }, stdio: ['pipe', 'pipe', 'pipe'] })
  let output = ''
  child.stderr!.on('data', (chunk) => (output += chunk))
  const close = async () => {
    child.stdin?.end()
    await stop(child)
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    const info = await new Promise<{ port: number; runtime: string }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${command} did not report its port within ${START_TIMEOUT} ms:\n${output}`)), START_TIMEOUT)
      let buffered = ''
      child.stdout!.on('data', (chunk) => {
        output += chunk
        buffered += chunk
        const line = buffered.split('\n').find((l) => l.startsWith('{') && l.trimEnd().endsWith('}'))
        if (line === undefined) return
        clearTimeout(timer)
        resolve(JSON.parse(line))
      })
      child.on('error', (error) => {
        clearTimeout(timer)
        reject(error)
      })
      child.on('exit', (code, signal) => {
        clearTimeout(timer)
        reject(new Error(`${command} exited (${code ?? signal}) before reporting its port:\n${output}`))
      })
    })
    return { port: info.port, runtime: info.runtime, requests: () => fetchLog(info.port, config.cert), close }
  } catch (error) {
    await close()
    throw error
  }
}
