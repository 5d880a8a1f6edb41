// The demo page in real Chromium: what a user sees after `pnpm demo`.
import { existsSync } from 'node:fs'
import { chromium, type Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { type Demo, startDemo } from '../src/demo.js'

const CHROMIUM = '/usr/bin/chromium'
let demo: Demo
let browser: Browser

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's Chromium with sudo apt-get install -y chromium`)
  demo = await startDemo()
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  })
})
afterAll(async () => {
  await browser?.close()
  await demo?.close()
})

test("the page shows each request's result next to corsa's reason", async () => {
  const page = await browser.newPage()
  const console: string[] = []
  page.on('console', (message) => console.push(message.text()))
  await page.goto(demo.pageUrl)
  await page.waitForSelector('body[data-done=yes]', { timeout: 20_000 })
  const rows = await page.$$eval('#results li', (items) =>
    items.map((li) => ({ verdict: li.className, reasons: (li as HTMLElement).dataset.reasons, cookies: (li as HTMLElement).dataset.cookies })),
  )
  expect(rows).toEqual([
    { verdict: 'ok', reasons: 'origin-allowed', cookies: '' },
    { verdict: 'blocked', reasons: 'origin-not-allowed', cookies: '' },
    { verdict: 'ok', reasons: 'preflight-allowed origin-allowed', cookies: '' },
    { verdict: 'ok', reasons: 'origin-allowed', cookies: 'samesite-none-without-secure' },
    { verdict: 'ok', reasons: 'origin-allowed', cookies: '' },
    { verdict: 'ok', reasons: 'origin-allowed', cookies: 'stored' },
    { verdict: 'ok', reasons: 'origin-allowed', cookies: '' },
  ])
  const said = (n: number) => page.textContent(`#results li:nth-child(${n}) .browser`)
  // The wrong login's cookie never came back, and Chromium's console said nothing about it...
  expect(await said(5)).toContain('no session cookie')
  expect(console.join('\n')).not.toMatch(/cookie|SameSite/i)
  // ...while corsa said why, and what to write instead.
  expect(await page.textContent('#results li:nth-child(4) .why')).toContain('SameSite=None requires Secure')
  // The fixed login's cookie came back with the next credentialed request.
  expect(await said(7)).toContain('"session"')
  expect(console.join('\n')).toContain("No 'Access-Control-Allow-Origin' header is present")
})
