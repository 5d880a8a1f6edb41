// What each published package.json (and jsr.json) says about the project, as npm and JSR show it.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { PROJECT, ROOT, homepageOf, publishedPackages } from '../src/packages.mjs'
import ownManifest from '../package.json' with { type: 'json' }

const packages = publishedPackages()

test('every published package is a devDependency of @corsa/publish-check, so turbo builds it before these checks', () => {
  const listed = Object.keys(ownManifest.devDependencies)
  expect(packages.map((pkg) => pkg.name).filter((name) => !listed.includes(name))).toEqual([])
})

test('the changesets configuration ignores exactly the private packages it may version', () => {
  const config = JSON.parse(readFileSync(join(ROOT, '.changeset', 'config.json'), 'utf8')) as { ignore: string[] }
  expect(config.ignore.filter((name) => packages.some((pkg) => pkg.name === name))).toEqual([])
})

describe.each(packages.map((pkg) => [pkg.name, pkg] as const))('%s', (_name, pkg) => {
  test('its manifest is MIT, by the corsa contributors, and points at the repository, its docs and the issue tracker', () => {
    const { manifest } = pkg
    expect({
      license: manifest.license,
      author: manifest.author,
      repository: manifest.repository,
      homepage: manifest.homepage,
      bugs: manifest.bugs,
    }).toEqual({
      license: 'MIT',
      author: PROJECT.author,
      repository: { type: 'git', url: `git+${PROJECT.repository}.git`, directory: `packages/${pkg.folder}` },
      homepage: homepageOf(pkg.folder),
      bugs: { url: `${PROJECT.repository}/issues` },
    })
  })

  test('its folder has the LICENSE, README.md and CHANGELOG.md that npm shows', () => {
    const missing = ['LICENSE', 'README.md', 'CHANGELOG.md'].filter((file) => !existsSync(join(pkg.dir, file)))
    expect(missing).toEqual([])
  })

  test('its LICENSE is the repository LICENSE (MIT)', () => {
    const license = readFileSync(join(pkg.dir, 'LICENSE'), 'utf8')
    expect(license).toBe(readFileSync(join(ROOT, 'LICENSE'), 'utf8'))
    expect(license).toMatch(/^MIT License/)
  })

  test('its "files" list LICENSE', () => {
    const files = pkg.manifest.files as string[] | undefined
    if (files) expect(files).toContain('LICENSE')
  })
})

const jsrPackages = packages.filter((pkg) => pkg.jsr)

test('@corsa/core and @corsa/deno are published to JSR', () => {
  expect(jsrPackages.map((pkg) => pkg.name)).toEqual(expect.arrayContaining(['@corsa/core', '@corsa/deno']))
})

describe.each(jsrPackages.map((pkg) => [pkg.name, pkg] as const))('%s on JSR', (_name, pkg) => {
  const jsr = JSON.parse(readFileSync(join(pkg.dir, 'jsr.json'), 'utf8')) as {
    name: string
    version: string
    exports: string | Record<string, string>
    imports?: Record<string, string>
  }
  const exportsOf = (value: string | Record<string, string>) => (typeof value === 'string' ? { '.': value } : value)

  test('its jsr.json has the name and version of its package.json (run sync.mjs after `changeset version`)', () => {
    expect({ name: jsr.name, version: jsr.version }).toEqual({ name: pkg.name, version: pkg.version })
  })

  test('its jsr.json exports the entry points its package.json exports, each an existing source file', () => {
    const npmEntries = Object.keys(pkg.manifest.exports as Record<string, unknown>).filter((key) => key !== './package.json')
    const jsrExports = exportsOf(jsr.exports)
    expect(Object.keys(jsrExports).sort()).toEqual(npmEntries.sort())
    expect(Object.values(jsrExports).filter((file) => !existsSync(join(pkg.dir, file)))).toEqual([])
  })

  test('its jsr.json imports the other corsa packages from JSR at the versions published with it', () => {
    const versions = new Map(packages.map((other) => [other.name, other.version]))
    for (const [specifier, target] of Object.entries(jsr.imports ?? {})) {
      if (!specifier.startsWith('@corsa/')) continue
      expect(target).toBe(`jsr:${specifier}@^${versions.get(specifier)}`)
    }
  })
})
