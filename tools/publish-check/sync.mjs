#!/usr/bin/env node
// Brings what every published package declares about the project in line with project.json and
// with its own version, editing only these lines (other tools and people edit the same files):
//   package.json  "author", "repository", "homepage", "bugs" (one line each, after "license");
//                 "LICENSE" in "files"
//   jsr.json      "version" = package.json's; `jsr:@corsa/<x>@^…` imports = x's version
//   README.md     links to https://github.com/<owner>/<repo>/(blob|tree)/<branch>/ = project.json's
// Run it after `changeset version` (it bumps package.json only) and after changing project.json:
//   node tools/publish-check/sync.mjs
import { readFileSync, writeFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { PROJECT, homepageOf, publishedPackages } from './src/packages.mjs'

const packages = publishedPackages()
const versions = new Map(packages.map((pkg) => [pkg.name, pkg.version]))
const changed = []

function update(file, edit) {
  if (!existsSync(file)) return
  const before = readFileSync(file, 'utf8')
  const after = edit(before)
  if (after !== before) {
    writeFileSync(file, after)
    changed.push(file)
  }
}

/**
 * Sets a top-level field written on one line, inserting it after "license" when missing. A field
 * that already holds the value is left as it is, however it is laid out.
 */
function setLine(text, field, value) {
  const current = JSON.parse(text)[field]
  if (JSON.stringify(current) === JSON.stringify(value)) return text
  const json = JSON.stringify(value)
    .replaceAll('":', '": ')
    .replaceAll(',"', ', "')
    .replace(/^\{(.*)\}$/, '{ $1 }')
  const line = `"${field}": ${json}`
  if (current !== undefined) {
    const existing = new RegExp(`^(\\s*)"${field}": (.*?)(,?)$`, 'm')
    const found = existing.exec(text)
    if (!found || /^[{[]$/.test(found[2] ?? '')) throw new Error(`"${field}" spans several lines: set it by hand to ${json}`)
    return text.replace(existing, (_, indent, _old, comma) => `${indent}${line}${comma}`)
  }
  const license = /^(\s*)"license": .*,$/m
  if (!license.test(text)) throw new Error(`no "license" line to insert "${field}" after`)
  return text.replace(license, (match, indent) => `${match}\n${indent}${line},`)
}

/** Adds "LICENSE" to a "files" array, keeping the array's own layout. */
function addToFiles(text, file) {
  return text.replace(/"files": \[([^\]]*)\]/, (match, items) => {
    if (items.includes(`"${file}"`)) return match
    if (!items.includes('\n')) return `"files": [${items}, "${file}"]`
    const indent = /\n(\s*)"/.exec(items)?.[1] ?? '    '
    return `"files": [${items.replace(/\s*$/, '')},\n${indent}"${file}"${/\n\s*$/.exec(items)?.[0] ?? '\n'}]`
  })
}

const repoPattern = /https:\/\/github\.com\/[\w.-]+\/[\w.-]+\/(blob|tree)\/[\w.-]+\//g

for (const pkg of packages) {
  update(join(pkg.dir, 'package.json'), (text) => {
    let out = text
    // Each new line goes right after "license": inserted last-first so they read in this order.
    out = setLine(out, 'bugs', { url: `${PROJECT.repository}/issues` })
    out = setLine(out, 'homepage', homepageOf(pkg.folder))
    out = setLine(out, 'repository', { type: 'git', url: `git+${PROJECT.repository}.git`, directory: `packages/${pkg.folder}` })
    out = setLine(out, 'author', PROJECT.author)
    return addToFiles(out, 'LICENSE')
  })
  update(join(pkg.dir, 'jsr.json'), (text) =>
    text
      .replace(/"version": "[^"]*"/, `"version": "${pkg.version}"`)
      .replace(/"jsr:(@corsa\/[\w-]+)@\^[^"]*"/g, (match, name) => (versions.has(name) ? `"jsr:${name}@^${versions.get(name)}"` : match)),
  )
  update(join(pkg.dir, 'README.md'), (text) => text.replace(repoPattern, (_, kind) => `${PROJECT.repository}/${kind}/${PROJECT.branch}/`))
}

console.log(changed.length ? `updated:\n  ${changed.join('\n  ')}` : 'everything already in sync')
