import { corsaTsup } from '../../tsup.base'

export default corsaTsup({ index: 'src/index.ts' })
