// The README of each published package is its page on npm (and JSR), where relative links lead
// nowhere: every link must be absolute, and every link into the repository must name a file
// that exists.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { PROJECT, ROOT, homepageOf, publishedPackages } from '../src/packages.mjs'

const packages = publishedPackages()

/** The targets of the Markdown links and images of a text: `[text](target)`. */
function linkTargets(markdown: string): string[] {
  return [...markdown.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((match) => match[1] ?? '')
}

/** The repository path a link names (`docs/core.md`), or undefined for a link elsewhere. */
function repositoryPath(url: string): string | undefined {
  const prefix = new RegExp(`^${PROJECT.repository.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/(?:blob|tree)/${PROJECT.branch}/`)
  return prefix.test(url) ? url.replace(prefix, '').replace(/[#?].*$/, '') : undefined
}

describe.each(packages.map((pkg) => [pkg.name, pkg] as const))('%s', (name, pkg) => {
  const readme = existsSync(join(pkg.dir, 'README.md')) ? readFileSync(join(pkg.dir, 'README.md'), 'utf8') : ''

  test('its README is titled with the package name and shows how to install it with npm', () => {
    expect(readme.split('\n')[0]).toBe(`# ${name}`)
    expect(readme).toContain(`npm i ${name}`)
  })

  test('its README has an example (TypeScript, or shell for a command)', () => {
    expect(readme).toMatch(/```(ts|sh)\n[\s\S]+?```/)
  })

  test('its README links only to absolute URLs, which work on npm', () => {
    expect(linkTargets(readme).filter((target) => !/^https:\/\//.test(target) && !target.startsWith('#'))).toEqual([])
  })

  test('its README links to its docs page, and every link into the repository names a file that exists', () => {
    const targets = linkTargets(readme)
    const docsPage = homepageOf(pkg.folder)
    if (!docsPage.endsWith('#readme')) expect(targets).toContain(docsPage)
    const missing = targets.flatMap((target) => {
      const path = repositoryPath(target)
      return path !== undefined && !existsSync(join(ROOT, path)) ? [target] : []
    })
    expect(missing).toEqual([])
  })
})

test('the root README opens with what corsa is and `npm i @corsa/core`, with the two set-up commands right after', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
  const install = readme.indexOf('npm i @corsa/core')
  const setUp = readme.indexOf('pnpm@10.34.8 install && npx -y pnpm@10.34.8 demo')
  const test = readme.indexOf('pnpm@10.34.8 install && npx -y pnpm@10.34.8 test')
  const firstSection = readme.indexOf('\n## ')
  expect(install).toBeGreaterThan(0)
  expect(install).toBeLessThan(setUp)
  expect(setUp).toBeLessThan(test)
  expect(test).toBeLessThan(firstSection)
})
