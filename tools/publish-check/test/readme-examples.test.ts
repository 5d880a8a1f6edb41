// The examples of each README, type-checked against the package as built (its `dist`), with the
// package's own compiler options: an example that no longer matches the exported API fails here.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import { publishedPackages } from '../src/packages.mjs'
import { type Snippets, typecheckSnippets, typescriptBlocks } from '../src/typecheck.js'

const snippets: Snippets[] = publishedPackages()
  .filter((pkg) => existsSync(join(pkg.dir, 'README.md')))
  .map((pkg) => ({ pkg, blocks: typescriptBlocks(readFileSync(join(pkg.dir, 'README.md'), 'utf8')) }))
  .filter(({ blocks }) => blocks.length > 0)
let reports = new Map<string, string>()

beforeAll(async () => {
  // Two tsc programs at a time: the machine has two cores, and turbo runs other tasks meanwhile.
  reports = await typecheckSnippets(snippets, 2)
}, 240_000)

describe.each(snippets.map(({ pkg, blocks }) => [pkg.name, blocks.length] as const))('%s', (name, count) => {
  test(`its README's TypeScript examples (${count}) type-check against its exported API`, () => {
    expect(reports.get(name)).toBe('')
  })
})
