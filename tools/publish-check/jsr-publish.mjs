#!/usr/bin/env node
// Publishes every package with a jsr.json to JSR, together, as one Deno workspace:
//   node tools/publish-check/jsr-publish.mjs                           (the release)
//   node tools/publish-check/jsr-publish.mjs --dry-run --allow-dirty   (what the tests run)
// Arguments go to `deno publish`. The workspace is assembled in a temporary folder (a deno.json
// at the repo root would change how every other deno command here finds its configuration):
// there, `jsr:@corsa/core` in @corsa/deno's imports resolves to the core being published next to
// it, and the `.js` specifiers of the TypeScript sources resolve to their `.ts` files.
import { spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { publishedPackages } from './src/packages.mjs'

const SKIP = new Set(['node_modules', 'dist', '.turbo', '.next', 'coverage'])

/** The `deno` binary of the npm package `deno`. */
export const DENO = join(dirname(createRequire(import.meta.url).resolve('deno/package.json')), 'deno')

/**
 * Runs `deno publish` with `args` over a temporary workspace of the JSR packages.
 * @param {string[]} args
 * @returns {{ status: number | null, output: string, packages: string[] }}
 */
export function jsrPublish(args) {
  const jsr = publishedPackages().filter((pkg) => pkg.jsr)
  const workspace = mkdtempSync(join(tmpdir(), 'corsa-jsr-'))
  try {
    for (const pkg of jsr) cpSync(pkg.dir, join(workspace, pkg.folder), { recursive: true, filter: (source) => !SKIP.has(basename(source)) })
    const config = { workspace: jsr.map((pkg) => `./${pkg.folder}`), unstable: ['sloppy-imports'], nodeModulesDir: 'manual' }
    writeFileSync(join(workspace, 'deno.json'), `${JSON.stringify(config, null, 2)}\n`)
    const run = spawnSync(DENO, ['publish', ...args], {
      cwd: workspace,
      encoding: 'utf8',
      timeout: 180_000,
      env: { ...process.env, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1' },
    })
    return { status: run.status, output: `${run.stdout}${run.stderr}`.replaceAll(`file://${workspace}/`, ''), packages: jsr.map((pkg) => pkg.name) }
  } finally {
    rmSync(workspace, { recursive: true, force: true })
  }
}

if (process.argv[1] && import.meta.url.endsWith(basename(process.argv[1]))) {
  const result = jsrPublish(process.argv.slice(2))
  process.stdout.write(result.output)
  process.exit(result.status ?? 1)
}
