/** Debian's Chromium, driven by playwright-core: where it is, how it is launched, and its two profiles. */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Browser, type BrowserContext, chromium } from 'playwright-core'
import { HOST_RESOLVER_RULES } from './world.ts'

export const CHROMIUM = process.env.CORSA_E2E_CHROMIUM ?? '/usr/bin/chromium'

/** Throws a message that says how to install Chromium when it is missing: the suite never skips. */
export function requireChromium(): string {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `The browser suite needs Debian's Chromium at ${CHROMIUM}, which is missing. Install it with:\n\n` +
        '    sudo apt-get install -y chromium\n\n' +
        '(`npx playwright install` does not help: the suite drives the system Chromium on purpose.)',
    )
  }
  return CHROMIUM
}

/** Launch arguments: the brief's fixed set, test hosts on 127.0.0.1, and our certificate trusted by its key. */
export function chromiumArgs(spki: string): string[] {
  return [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-quic',
    '--no-first-run',
    '--disable-sync',
    `--host-resolver-rules=${HOST_RESOLVER_RULES}`,
    // Trusting the certificate by its key keeps the HTTP cache on (--ignore-certificate-errors alone turns it off).
    `--ignore-certificate-errors-spki-list=${spki}`,
  ]
}

/** The two kinds of browser the suite drives. */
export type Profile = 'fresh' | 'persistent'

export interface Browsers {
  /** A fresh profile: Chromium's defaults, third-party cookies blocked. */
  fresh: Browser
  /** A persistent profile whose preferences allow third-party cookies (`cookie_controls_mode: 0`). */
  persistent: BrowserContext
  version: string
  close(): Promise<void>
}

const LAUNCH_TIMEOUT = 30_000

export async function launchBrowsers(spki: string): Promise<Browsers> {
  const executablePath = requireChromium()
  const args = chromiumArgs(spki)
  const userDataDir = mkdtempSync(join(tmpdir(), 'corsa-e2e-profile-'))
  mkdirSync(join(userDataDir, 'Default'))
  // What a user gets from "Allow third-party cookies" in chrome://settings/cookies.
  writeFileSync(join(userDataDir, 'Default', 'Preferences'), JSON.stringify({ profile: { cookie_controls_mode: 0 } }))
  const fresh = await chromium.launch({ executablePath, args, timeout: LAUNCH_TIMEOUT })
  let persistent: BrowserContext
  try {
    persistent = await chromium.launchPersistentContext(userDataDir, { executablePath, args, timeout: LAUNCH_TIMEOUT })
  } catch (error) {
    await fresh.close()
    throw error
  }
  return {
    fresh,
    persistent,
    version: fresh.version(),
    async close() {
      await Promise.allSettled([persistent.close(), fresh.close()])
      rmSync(userDataDir, { recursive: true, force: true })
    },
  }
}
