// What `pnpm publish` would upload for each published package: packed for real (pnpm rewrites
// `workspace:` ranges on pack, so the manifest checked is the one npm would get), then unpacked.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type Packed, pack } from '../src/pack.js'
import { privatePackageNames, publishedPackages } from '../src/packages.mjs'

const packages = publishedPackages()
const workdir = mkdtempSync(join(tmpdir(), 'corsa-pack-'))
const packed = new Map<string, Packed>()

beforeAll(async () => {
  const results = await Promise.all(packages.map(async (pkg) => [pkg.name, await pack(pkg, workdir)] as const))
  for (const [name, result] of results) packed.set(name, result)
})

afterAll(() => rmSync(workdir, { recursive: true, force: true }))

function packedOf(name: string): Packed {
  const result = packed.get(name)
  if (!result) throw new Error(`${name} was not packed`)
  return result
}

/** Files users must never download: tests, fixtures, examples, configs of the repo's own tools. */
const NOT_FOR_USERS = [
  /(^|\/)(test|tests|__tests__|fixtures?|examples?|e2e|coverage)\//,
  /\.(test|spec|test-d)\.[cm]?[jt]sx?$/,
  /(^|\/)(vitest|tsup|vite)\.config\.[cm]?[jt]s$/,
  /(^|\/)tsconfig(\.[\w-]+)?\.json$/,
  /(^|\/)\.turbo\//,
  /\.tgz$/,
]

/** Every path a manifest points at: main, module, types, bin and each condition of exports. */
function entryPoints(manifest: Readonly<Record<string, unknown>>): string[] {
  const paths: string[] = []
  const walk = (value: unknown): void => {
    if (typeof value === 'string') paths.push(value)
    else if (value && typeof value === 'object') for (const child of Object.values(value)) walk(child)
  }
  for (const field of ['main', 'module', 'types', 'bin', 'exports']) walk(manifest[field])
  return [...new Set(paths)].map((path) => path.replace(/^\.\//, ''))
}

const RUNTIME_DEPENDENCIES = ['dependencies', 'peerDependencies', 'optionalDependencies'] as const

describe.each(packages.map((pkg) => [pkg.name, pkg] as const))('%s', (name, pkg) => {
  test('its tarball holds dist/, README.md, LICENSE and package.json', () => {
    const { files } = packedOf(name)
    expect(files.some((file) => file.startsWith('dist/'))).toBe(true)
    expect(files).toEqual(expect.arrayContaining(['README.md', 'LICENSE', 'package.json']))
  })

  test('its tarball holds no tests, fixtures, examples or tool configs', () => {
    const { files } = packedOf(name)
    expect(files.filter((file) => NOT_FOR_USERS.some((pattern) => pattern.test(file)))).toEqual([])
  })

  test('every file its manifest points at (main, module, types, bin, exports) is in its tarball', () => {
    const { files, manifest } = packedOf(name)
    const points = entryPoints(manifest)
    expect(points.length).toBeGreaterThan(0)
    expect(points.filter((path) => !files.includes(path))).toEqual([])
  })

  test('its packed manifest keeps no workspace: range', () => {
    const { manifest } = packedOf(name)
    expect(JSON.stringify(manifest)).not.toContain('workspace:')
  })

  test('its packed manifest makes users install no private package (@corsa/testkit and the like)', () => {
    const { manifest } = packedOf(name)
    const privateNames = new Set(privatePackageNames())
    expect(privateNames).toContain('@corsa/testkit')
    const installed = RUNTIME_DEPENDENCIES.flatMap((field) => Object.keys((manifest[field] ?? {}) as Record<string, string>))
    expect(installed.filter((dependency) => privateNames.has(dependency))).toEqual([])
  })

  test('its packed manifest asks for the @corsa packages at the versions published with it', () => {
    const { manifest } = packedOf(name)
    const versions = new Map(packages.map((other) => [other.name, other.version]))
    for (const field of RUNTIME_DEPENDENCIES) {
      const ranges = (manifest[field] ?? {}) as Record<string, string>
      for (const [dependency, range] of Object.entries(ranges)) {
        if (!dependency.startsWith('@corsa/')) continue
        expect(versions.has(dependency), `${dependency} is not a published package`).toBe(true)
        expect(range, `${field}.${dependency}`).toBe(`^${versions.get(dependency)}`)
      }
    }
  })

  test('its packed manifest is the package as it is in the repository (name, version, MIT)', () => {
    const { manifest } = packedOf(name)
    expect({ name: manifest.name, version: manifest.version, license: manifest.license }).toEqual({
      name: pkg.name,
      version: pkg.version,
      license: 'MIT',
    })
  })
})
