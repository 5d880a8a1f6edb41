// The published packages of the monorepo and where the project lives: the one place the
// repository URL is written (project.json), read by the checks and by sync.mjs.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The monorepo's root directory. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')

/** @type {{ repository: string, branch: string, author: string }} */
export const PROJECT = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'project.json'), 'utf8'))

/** The URL of a file or folder of the repository on GitHub, for links that work on npm and JSR. */
function repositoryUrl(path, kind = 'blob') {
  return `${PROJECT.repository}/${kind}/${PROJECT.branch}/${path}`
}

/**
 * Every package under packages/ that is not private: what npm receives.
 * @returns {{ name: string, version: string, folder: string, dir: string, manifest: Record<string, any>, jsr: boolean }[]}
 */
export function publishedPackages() {
  const folders = readdirSync(join(ROOT, 'packages'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(ROOT, 'packages', entry.name, 'package.json')))
    .map((entry) => entry.name)
    .sort()
  return folders
    .map((folder) => {
      const dir = join(ROOT, 'packages', folder)
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
      return { name: manifest.name, version: manifest.version, folder, dir, manifest, jsr: existsSync(join(dir, 'jsr.json')) }
    })
    .filter((pkg) => pkg.manifest.private !== true)
}

/** The docs page of a package (docs/<folder>.md) when there is one, else its README on GitHub. */
export function homepageOf(folder) {
  return existsSync(join(ROOT, 'docs', `${folder}.md`)) ? repositoryUrl(`docs/${folder}.md`) : `${repositoryUrl(`packages/${folder}`, 'tree')}#readme`
}

/**
 * The names of the workspace's private packages (tests, demo, benchmarks, tools), read from the
 * folders pnpm-workspace.yaml lists: none of them may reach a user's install.
 * @returns {string[]}
 */
export function privatePackageNames() {
  const patterns = [...readFileSync(join(ROOT, 'pnpm-workspace.yaml'), 'utf8').matchAll(/^\s+-\s+['"]?([^'"\s]+)['"]?\s*$/gm)].map(
    (match) => match[1],
  )
  const folders = patterns.flatMap((pattern) =>
    pattern.endsWith('/*')
      ? readdirSync(join(ROOT, pattern.slice(0, -2)), { withFileTypes: true })
          .filter((entry) => entry.isDirectory())
          .map((entry) => join(pattern.slice(0, -2), entry.name))
      : [pattern],
  )
  return folders
    .map((folder) => join(ROOT, folder, 'package.json'))
    .filter((file) => existsSync(file))
    .map((file) => JSON.parse(readFileSync(file, 'utf8')))
    .filter((manifest) => manifest.private === true)
    .map((manifest) => manifest.name)
}
