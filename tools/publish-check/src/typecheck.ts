import { execFile } from 'node:child_process'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, relative } from 'node:path'
import { promisify } from 'node:util'
import type { PublishedPackage } from './packages.mjs'

const run = promisify(execFile)
const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc')

/** The TypeScript code blocks of a Markdown text. */
export function typescriptBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] ?? '')
}

/** Code blocks to check as modules of a package. */
export interface Snippets {
  readonly pkg: PublishedPackage
  readonly blocks: readonly string[]
}

const STEM = '.publish-check-readme'

/** The part of tsc's report about one package's snippets; lines about no snippet go to every package. */
function reportFor(output: string, folder: string): string {
  return output
    .split('\n')
    .filter((line) => line.trim() !== '' && (line.includes(`${STEM}-${folder}-`) || !line.includes(STEM)))
    .join('\n')
}

/**
 * Type-checks code blocks as modules of their packages, with each package's own compiler options
 * and dependencies: each block goes into a temporary file at its package's root (so imports of
 * the package's own name resolve to its built `dist`), removed afterwards. Packages whose
 * tsconfig has the same compiler options are checked in one tsc program, to pay tsc's start-up
 * once. Resolves to tsc's report per package name, empty when every block checks.
 */
export async function typecheckSnippets(all: readonly Snippets[], concurrency = 2): Promise<Map<string, string>> {
  const groups = new Map<string, Snippets[]>()
  for (const snippets of all) {
    const { compilerOptions } = JSON.parse(readFileSync(join(snippets.pkg.dir, 'tsconfig.json'), 'utf8')) as { compilerOptions?: unknown }
    const key = JSON.stringify(compilerOptions ?? {})
    groups.set(key, [...(groups.get(key) ?? []), snippets])
  }
  const reports = new Map<string, string>()
  const queue = [...groups.values()]
  const worker = async (): Promise<void> => {
    for (let group = queue.shift(); group; group = queue.shift()) {
      const output = await checkGroup(group)
      for (const { pkg } of group) reports.set(pkg.name, reportFor(output, pkg.folder))
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  return reports
}

async function checkGroup(group: readonly Snippets[]): Promise<string> {
  const home = group[0]?.pkg.dir ?? ''
  const files = group.flatMap(({ pkg, blocks }) => blocks.map((_, index) => join(pkg.dir, `${STEM}-${pkg.folder}-${index}.ts`)))
  const tsconfig = join(home, `${STEM}-${process.pid}.tsconfig.json`)
  try {
    for (const { pkg, blocks } of group) {
      blocks.forEach((block, index) => writeFileSync(join(pkg.dir, `${STEM}-${pkg.folder}-${index}.ts`), `${block}\nexport {}\n`))
    }
    const config = { extends: './tsconfig.json', include: [], files: files.map((file) => relative(home, file)) }
    writeFileSync(tsconfig, JSON.stringify(config))
    await run(process.execPath, [TSC, '--noEmit', '--pretty', 'false', '-p', tsconfig], { cwd: home, timeout: 180_000 })
    return ''
  } catch (error) {
    const { stdout, message } = error as { stdout?: string; message: string }
    return stdout || message
  } finally {
    for (const file of [...files, tsconfig]) rmSync(file, { force: true })
  }
}
