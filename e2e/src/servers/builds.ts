/**
 * The SvelteKit and Astro apps of `fixtures/`, built once per run (vitest globalSetup) with their
 * own build commands, as users build them; their faces then serve the builds (`kit.ts`, `astro.ts`).
 */
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { E2E_ROOT } from './child.ts'

/** A build that takes longer than this fails the run. */
const BUILD_TIMEOUT = 120_000

export interface Fixture {
  /** Folder under `fixtures/`. */
  name: string
  /** The build command, as `node <script> ...args` from `node_modules`. */
  command: string[]
  /** The built Node handler that `fixtures/serve-handler.mjs` serves, relative to `e2e/`. */
  handler: string
}

export const KIT: Fixture = { name: 'kit', command: ['vite/bin/vite.js', 'build'], handler: 'fixtures/kit/build/handler.js' }
export const ASTRO: Fixture = { name: 'astro', command: ['astro/astro.js', 'build'], handler: 'fixtures/astro/dist/server/entry.mjs' }

/** Runs one fixture's build; resolves with the time it took (ms). */
export function build(fixture: Fixture): Promise<number> {
  const started = Date.now()
  const [script, ...args] = fixture.command
  const child = spawn(process.execPath, [join(E2E_ROOT, 'node_modules', script!), ...args], {
    cwd: join(E2E_ROOT, 'fixtures', fixture.name),
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: BUILD_TIMEOUT,
    killSignal: 'SIGKILL',
  })
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk))
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk))
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', (code, signal) =>
      code === 0
        ? resolve(Date.now() - started)
        : reject(new Error(`${fixture.command.join(' ')} in fixtures/${fixture.name} failed (${code ?? signal}):\n${output}`)),
    )
  })
}
