import { express4App } from './support/apps.js'
import { runSuite } from './support/suite.js'

runSuite('express 4', express4App)
