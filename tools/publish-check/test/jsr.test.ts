// `deno publish --dry-run` over the JSR packages, as one workspace (jsr-publish.mjs): JSR's own
// checks, type-checking and the slow-types rule (explicit types on every export) included.
import { beforeAll, expect, test } from 'vitest'
import { jsrPublish } from '../jsr-publish.mjs'

let result: ReturnType<typeof jsrPublish>

beforeAll(() => {
  result = jsrPublish(['--dry-run', '--allow-dirty'])
})

test('deno publish --dry-run accepts @corsa/core and @corsa/deno (types check, no slow types)', () => {
  expect(result.packages).toEqual(expect.arrayContaining(['@corsa/core', '@corsa/deno']))
  expect(result.status, result.output).toBe(0)
  expect(result.output).toContain('Dry run complete')
  for (const name of result.packages) expect(result.output).toContain(`Simulating publish of ${name}@`)
})

test('what JSR would receive holds sources, README.md and LICENSE, and no tests, fixtures or examples', () => {
  const files = [...result.output.matchAll(/^\s+(\S+) \([\d.]+K?B\)$/gm)].map((match) => match[1] ?? '')
  expect(files.length).toBeGreaterThan(0)
  for (const name of result.packages) {
    const folder = name.replace('@corsa/', '')
    expect(files).toEqual(expect.arrayContaining([`${folder}/README.md`, `${folder}/LICENSE`, `${folder}/jsr.json`]))
  }
  expect(files.filter((file) => /(^|\/)(test|tests|fixtures?|examples?)\/|\.test\.ts$/.test(file))).toEqual([])
})
