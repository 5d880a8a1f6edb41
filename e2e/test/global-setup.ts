import { requireOpenssl } from '../src/cert.ts'
import { requireChromium } from '../src/chromium.ts'
import { requireFirefox } from '../src/firefox.ts'
import { ASTRO, build, KIT } from '../src/servers/builds.ts'
import { requireNginx } from '../src/shared-cache.ts'
import { requireWebKit } from '../src/webkit.ts'

/**
 * Fails the run, loudly and before any test, when the machine lacks what the suite drives; then
 * builds the SvelteKit and Astro apps that their faces serve, once for the whole run.
 */
export default async function setup(): Promise<void> {
  requireChromium()
  requireFirefox()
  requireWebKit()
  requireNginx()
  requireOpenssl()
  for (const fixture of [KIT, ASTRO]) {
    const ms = await build(fixture)
    console.log(`[corsa/e2e] ${fixture.command.join(' ')} of fixtures/${fixture.name} took ${(ms / 1000).toFixed(1)}s`)
  }
}
