import { express5App } from './support/apps.js'
import { runSuite } from './support/suite.js'

runSuite('express 5', express5App)
