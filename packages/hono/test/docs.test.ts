import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

describe('docs/hono.md', () => {
  const docs = readFileSync(new URL('../../../docs/hono.md', import.meta.url), 'utf8')
  for (const file of ['app.ts', 'migrate.ts']) {
    it(`shows examples/${file} verbatim (the file the suites serve)`, () => {
      expect(docs).toContain(readFileSync(new URL(`../examples/${file}`, import.meta.url), 'utf8'))
    })
  }
})
