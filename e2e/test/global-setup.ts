import { requireOpenssl } from '../src/cert.ts'
import { requireChromium } from '../src/chromium.ts'

/** Fails the run, loudly and before any test, when the machine lacks what the suite drives. */
export default function setup(): void {
  requireChromium()
  requireOpenssl()
}
