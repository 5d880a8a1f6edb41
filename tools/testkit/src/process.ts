/**
 * Starts a real runtime process (bun, deno, node, workerd…) with a server script, waits (bounded)
 * for the line in which it reports its port, and kills it (bounded) at the end.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { createServer } from 'node:net'

export interface RunningServer {
  /** The JSON object the script printed on its first line starting with `{`. */
  info: Record<string, unknown>
  /** Everything the process wrote so far (stdout + stderr), for failure messages. */
  output(): string
  stop(): Promise<void>
}

/** Spawns `command args`, resolves with the first JSON line printed on stdout (within `timeoutMs`). */
export function startServer(
  command: string,
  args: string[],
  options: { cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<RunningServer> {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const stop = () => killBounded(child)
  return new Promise<RunningServer>((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop()
      reject(new Error(`${command} did not report its port within ${options.timeoutMs ?? 20000} ms:\n${output}`))
    }, options.timeoutMs ?? 20000)
    let buffered = ''
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk
    })
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk
      buffered += chunk
      const line = buffered.split('\n').find((l) => l.trimStart().startsWith('{') && l.trimEnd().endsWith('}'))
      if (line === undefined) return
      buffered = ''
      clearTimeout(timer)
      resolve({ info: JSON.parse(line) as Record<string, unknown>, output: () => output, stop })
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
}

/** SIGTERM, then SIGKILL after 3 s; resolves when the process is gone. */
export function killBounded(child: ChildProcess): Promise<void> {
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

/**
 * Runs a fixture's build as its users run it (`node <bin> ...args` in the fixture's folder), once,
 * bounded; resolves with how long it took in ms, rejects with everything it printed.
 */
export function runBuild(
  bin: string,
  args: string[],
  options: { cwd: string; name: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<number> {
  const started = Date.now()
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: options.timeoutMs ?? 180_000,
    killSignal: 'SIGKILL',
  })
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk))
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk))
  return new Promise((resolve, reject) => {
    child.once('exit', (code) =>
      code === 0 ? resolve(Date.now() - started) : reject(new Error(`${options.name} failed (exit ${code}):\n${output}`)),
    )
  })
}

/** `count` distinct ports nobody listens on now, for servers that must be told their port. */
export async function freePorts(count: number): Promise<number[]> {
  const probes = Array.from({ length: count }, () => createServer())
  const ports = await Promise.all(
    probes.map(
      (probe) =>
        new Promise<number>((resolve, reject) => {
          probe.once('error', reject).listen(0, '127.0.0.1', () => resolve((probe.address() as { port: number }).port))
        }),
    ),
  )
  await Promise.all(probes.map((probe) => new Promise((resolve) => probe.close(resolve))))
  return ports
}
