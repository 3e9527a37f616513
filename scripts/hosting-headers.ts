/**
 * `npm run hosting:headers`: writes the headers and rewrites of scripts/lib/hostingHeaders.ts into firebase.json
 * (Firebase Hosting reads only that file). tests/unit/hostingHeaders.test.ts fails while the two differ.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { hostingHeaderRules, hostingRewrites } from './lib/hostingHeaders'

const file = new URL('../firebase.json', import.meta.url)
const config = JSON.parse(readFileSync(file, 'utf8')) as { hosting: Record<string, unknown> }
config.hosting = { ...config.hosting, rewrites: hostingRewrites(), headers: hostingHeaderRules() }
writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`)
console.log('firebase.json: hosting headers and rewrites written.')
