import { corsaTsup } from '../../tsup.base'

export default corsaTsup(
  { index: 'src/index.ts', lite: 'src/lite.ts', engine: 'src/engine/index.ts', fetch: 'src/fetch-entry.ts' },
  // Each entry is one self-contained file: lite never pulls in the Public Suffix List through a
  // shared chunk, and the entry that registers the list is the file that defines cors().
  { splitting: false },
)
