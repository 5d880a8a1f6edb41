import { polkaApp } from './support/apps.js'
import { runSuite } from './support/suite.js'

runSuite('polka', polkaApp)
