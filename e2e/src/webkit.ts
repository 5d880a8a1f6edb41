/**
 * Debian's WebKitGTK: MiniBrowser driven by WebKitWebDriver (classic WebDriver, through
 * webdriverio) on an Xvfb display. Test hosts reach 127.0.0.1 through the CONNECT proxy
 * (`MiniBrowser --proxy=`; the W3C `proxy` capability makes MiniBrowser speak TLS to the proxy),
 * and the certificate is accepted with `acceptInsecureCerts`.
 *
 * What automation cannot do here: WebKit's console is not reachable through classic WebDriver,
 * and WebDriver sessions are ephemeral, without an HTTP cache. Classic WebDriver cannot clear the
 * preflight cache either, so state is kept apart by sessions: one MiniBrowser per key and profile
 * (a face), and every scenario's URLs are its own (`s=<scenario>` and the face's port), so no two
 * scenarios can share a preflight cache entry within a session.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createServer } from 'node:net'
import { remote } from 'webdriverio'
import { type Engine, type EngineWindow, type FetchArgs, pageFetch, pathFor, type Profile, type Sink } from './engine.ts'
import type { StepResult } from './run.ts'

export const WEBKIT_DRIVER = process.env.CORSA_E2E_WEBKIT_DRIVER ?? '/usr/bin/WebKitWebDriver'
export const MINIBROWSER = process.env.CORSA_E2E_MINIBROWSER ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser'
export const XVFB = '/usr/bin/Xvfb'

/** Throws a message that says how to install WebKit's driver and Xvfb when they are missing. */
export function requireWebKit(): void {
  const missing = [WEBKIT_DRIVER, MINIBROWSER, XVFB].filter((file) => !existsSync(file))
  if (missing.length) {
    throw new Error(
      `The browser suite drives WebKitGTK's MiniBrowser on an X display; missing: ${missing.join(', ')}. Install them with:\n\n` +
        '    sudo apt-get install -y webkit2gtk-driver xvfb\n',
    )
  }
}

/** MiniBrowser's cookie policies: `no-third-party` is its default, `always` allows third-party cookies. */
const COOKIES_POLICY: Record<Profile, string> = { fresh: 'no-third-party', persistent: 'always' }

type Session = Awaited<ReturnType<typeof remote>>

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

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

/** Starts Xvfb on a display it picks itself (`-displayfd`), and resolves with `:<n>`. */
function startXvfb(): Promise<{ display: string; child: ChildProcess }> {
  const child = spawn(XVFB, ['-displayfd', '3', '-nolisten', 'tcp', '-screen', '0', '1280x800x24'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] })
  return new Promise((resolve, reject) => {
    let err = ''
    child.stderr!.on('data', (d) => (err += d))
    const timer = setTimeout(() => reject(new Error(`Xvfb did not start within 10 s: ${err}`)), 10_000)
    child.stdio[3]!.on('data', (d) => {
      clearTimeout(timer)
      resolve({ display: `:${String(d).trim()}`, child })
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`Xvfb exited (${code}): ${err}`))
    })
  })
}

async function waitForDriver(port: number, driver: ChildProcess): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (driver.exitCode !== null) throw new Error(`WebKitWebDriver exited (${driver.exitCode})`)
    try {
      if ((await fetch(`http://127.0.0.1:${port}/status`)).ok) return
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error('WebKitWebDriver did not answer /status within 5 s')
}

/** The page script for classic WebDriver: results wrapped in `{ value }` (webdriverio mistakes an `error` key for a WebDriver error). */
const ASYNC_SCRIPT = `const done = arguments[arguments.length - 1];
(${pageFetch.toString()})(arguments[0]).then((value) => done({ value }), (error) => done({ value: { ok: false, headers: {}, error: String(error) } }));`

class WebKitWindow implements EngineWindow {
  /** Where the session's one window is now: `origin + path`. */
  #at = ''
  constructor(readonly session: Session) {}

  async fetch(origin: string, sandboxed: boolean | undefined, args: FetchArgs, _sink: Sink): Promise<StepResult> {
    const at = origin + pathFor(sandboxed)
    if (this.#at !== at) {
      this.#at = ''
      await this.session.navigateTo(at)
      if (sandboxed) await this.session.switchToFrame(0)
      this.#at = at
    }
    const { value } = (await this.session.executeAsync(ASYNC_SCRIPT, args)) as unknown as { value: StepResult }
    return value
  }
}

/**
 * WebKit as an engine: one WebKitWebDriver and one Xvfb for the run, one MiniBrowser session at a
 * time (asking for another key or profile ends the current one).
 */
export async function launchWebKit(proxyPort: number): Promise<Engine> {
  requireWebKit()
  const xvfb = await startXvfb()
  const port = await freePort()
  const driver = spawn(WEBKIT_DRIVER, [`--port=${port}`], { env: { ...process.env, DISPLAY: xvfb.display }, stdio: 'ignore' })
  let current: { key: string; window: Promise<WebKitWindow> } | undefined
  const end = async () => {
    const window = await current?.window.catch(() => undefined)
    current = undefined
    await window?.session.deleteSession().catch(() => undefined)
  }
  const session = (profile: Profile) =>
    remote({
      hostname: '127.0.0.1',
      port,
      logLevel: 'silent',
      connectionRetryCount: 0,
      connectionRetryTimeout: 60_000,
      capabilities: {
        browserName: 'MiniBrowser',
        acceptInsecureCerts: true,
        timeouts: { pageLoad: 15_000, script: 15_000, implicit: 0 },
        'wdio:enforceWebDriverClassic': true,
        'webkitgtk:browserOptions': {
          binary: MINIBROWSER,
          args: ['--automation', `--proxy=http://127.0.0.1:${proxyPort}`, `--cookies-policy=${COOKIES_POLICY[profile]}`],
        },
      } as WebdriverIO.Capabilities,
    })
  try {
    await waitForDriver(port, driver)
    const first = await session('fresh')
    const version = `WebKitGTK ${first.capabilities.browserVersion ?? '?'}`
    // The first session (started to learn the version) serves the first fresh window asked for.
    let spare: Session | undefined = first
    return {
      name: 'webkit',
      version,
      consoleVisible: false,
      driver:
        'webdriverio over classic WebDriver (WebKitWebDriver, MiniBrowser on Xvfb); hosts reached through a CONNECT-only proxy (`MiniBrowser --proxy=`), the certificate accepted with `acceptInsecureCerts`; one MiniBrowser session per face and profile',
      async window(key: string, profile: Profile) {
        const id = `${key}/${profile}`
        if (current?.key !== id) {
          await end()
          const next = profile === 'fresh' && spare ? Promise.resolve(spare) : session(profile)
          if (profile === 'fresh') spare = undefined
          const window = next.then((s) => new WebKitWindow(s))
          // A session that failed to start is started again next time.
          window.catch(() => {
            if (current?.window === window) current = undefined
          })
          current = { key: id, window }
        }
        return current.window
      },
      async close() {
        await end()
        await spare?.deleteSession().catch(() => undefined)
        await stop(driver)
        await stop(xvfb.child)
      },
    }
  } catch (error) {
    await end()
    await stop(driver)
    await stop(xvfb.child)
    throw error
  }
}
