import { execFile } from 'node:child_process'
import { mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { promisify } from 'node:util'
import type { PublishedPackage } from './packages.mjs'

const run = promisify(execFile)

/** What npm would receive for one package. */
export interface Packed {
  /** Paths inside the tarball, relative to its `package/` folder, sorted. */
  readonly files: readonly string[]
  /** The manifest as packed (pnpm rewrites `workspace:` ranges on pack). */
  readonly manifest: Readonly<Record<string, unknown>>
}

/** pnpm as it runs this script (`npm_execpath`), else the version the repo pins, through npx. */
function pnpmCommand(): [string, string[]] {
  const execpath = process.env.npm_execpath
  if (execpath && /pnpm/.test(execpath)) return [process.execPath, [execpath]]
  return ['npx', ['-y', 'pnpm@10.34.8']]
}

function listFiles(dir: string, root = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(join(dir, entry.name), root) : [relative(root, join(dir, entry.name))],
  )
}

/**
 * Packs a package with `pnpm pack` into `into`, the way `pnpm publish` would, and unpacks the
 * tarball there with `tar`.
 */
export async function pack(pkg: PublishedPackage, into: string): Promise<Packed> {
  const dest = join(into, pkg.folder)
  mkdirSync(dest, { recursive: true })
  const [command, prefix] = pnpmCommand()
  await run(command, [...prefix, 'pack', '--pack-destination', dest], { cwd: pkg.dir, timeout: 60_000 })
  const tarball = readdirSync(dest).find((name) => name.endsWith('.tgz'))
  if (!tarball) throw new Error(`pnpm pack left no tarball in ${dest}`)
  await run('tar', ['-xzf', tarball], { cwd: dest, timeout: 60_000 })
  const root = join(dest, 'package')
  return {
    files: listFiles(root).sort(),
    manifest: JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, unknown>,
  }
}
