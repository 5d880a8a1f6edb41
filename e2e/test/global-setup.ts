import { requireOpenssl } from '../src/cert.ts'
import { requireChromium } from '../src/chromium.ts'
import { requireFirefox } from '../src/firefox.ts'
import { requireNginx } from '../src/shared-cache.ts'
import { requireWebKit } from '../src/webkit.ts'

/** Fails the run, loudly and before any test, when the machine lacks what the suite drives. */
export default function setup(): void {
  requireChromium()
  requireFirefox()
  requireWebKit()
  requireNginx()
  requireOpenssl()
}
