// api: the HTTP API (docs/api.md) against the real server, one data file per case in tests/api/cases.
// Usage: node tests/api/run.mjs --out DIR
//
// It makes a fresh database with demo data in a temporary folder (setup.json says how much and which
// extra accounts), serves it on a free loopback port, logs in every account the cases name, runs the
// cases in order of file name (those with "phase": "last" after all others), prints one line per case
// with the differences of a failing step, and appends the one line "api: P passed, F failed" to
// DIR/summary. The case format is described in tests/api/README.md; adding a case needs no code here.
// A missing server binary counts as failure, never as a skip; a case whose ../shared/data files are
// absent is skipped with the reason printed. Every wait is bounded; the server is stopped however the
// run ends. Runs on Node 18 and 20 with nothing but Node's built-ins.
import { spawn, spawnSync } from 'node:child_process'
import { appendFileSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { randomBytes, randomInt } from 'node:crypto'

const HERE = dirname(fileURLToPath(import.meta.url))
const ROOT = resolve(HERE, '../..')
const SERVER_BINARY = join(ROOT, 'bin/waystation')
const CASES_DIR = join(HERE, 'cases')
const FIXTURES_DIR = join(HERE, 'fixtures')
const SHARED_DATA = resolve(ROOT, '../shared/data')

const COMMAND_TIMEOUT_MS = 120000 // init, demo, user add
const HEALTH_TIMEOUT_MS = 20000
const REQUEST_TIMEOUT_MS = 30000
const STOP_TIMEOUT_MS = 5000
const LOGIN_FAILURES_PER_ADDRESS = 20 // docs/api.md: more than this from one address within 15 minutes → 429
const SHOWN_BODY_CHARS = 700 // of a failing step's answer

// ---------------------------------------------------------------------------------------------
// Command line and setup

function parseArgs(argv) {
  const i = argv.indexOf('--out')
  if (i < 0 || !argv[i + 1]) {
    console.error('usage: node tests/api/run.mjs --out DIR')
    process.exit(2)
  }
  return { out: resolve(argv[i + 1]) }
}

function runCommand(args, { env = {}, input } = {}) {
  const r = spawnSync(SERVER_BINARY, args, {
    env: { ...process.env, ...env },
    input,
    encoding: 'utf8',
    timeout: COMMAND_TIMEOUT_MS,
  })
  if (r.error || r.status !== 0) {
    const why = r.error ? r.error.message : `exit ${r.status}: ${(r.stderr || r.stdout || '').trim().slice(0, 500)}`
    throw new Error(`waystation ${args.join(' ')} failed (${why})`)
  }
  return r.stdout
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const srv = net.createServer()
    srv.unref()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => resolvePort(port))
    })
  })
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

// The server process and how to stop it; stop() is safe to call more than once.
function startServer(db, port, logPath) {
  const log = openSync(logPath, 'a')
  const child = spawn(SERVER_BINARY, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`], {
    cwd: ROOT, // the server finds the built UI (web/dist) from here when there is one
    env: { ...process.env, WAYSTATION_QUIET: '1' },
    stdio: ['ignore', log, log],
  })
  let exited = false
  const exitPromise = new Promise((r) => child.on('exit', () => { exited = true; r() }))
  child.on('error', () => { exited = true })
  const killNow = () => { if (!exited) try { child.kill('SIGKILL') } catch {} }
  process.on('exit', killNow)
  return {
    get exited() { return exited },
    async stop() {
      if (!exited) {
        child.kill('SIGTERM')
        await Promise.race([exitPromise, sleep(STOP_TIMEOUT_MS)])
        killNow()
      }
      closeSync(log)
    },
  }
}

async function waitHealthy(base, server) {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS
  while (Date.now() < deadline) {
    if (server.exited) throw new Error('the server exited during start-up (see api-server.log)')
    try {
      const r = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(1000) })
      if (r.status === 200) return
    } catch {}
    await sleep(100)
  }
  throw new Error(`no answer from ${base}/healthz within ${HEALTH_TIMEOUT_MS} ms`)
}

// ---------------------------------------------------------------------------------------------
// Test data: ID numbers, unique names, GB18030

// GB 11643 check digit: ISO 7064 MOD 11-2 over the first 17 digits.
function idCheckDigit(first17) {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const sum = [...first17].reduce((acc, digit, i) => acc + Number(digit) * weights[i], 0)
  return '10X98765432'[sum % 11]
}

const issuedIds = new Set() // one person can be registered once city-wide: numbers are unique per run

// A fresh number with the check digit right for its 17 digits, even when spec.birth is an impossible
// date. Region 371001 (Weihai's own city-district code) is never issued by the demo's generator.
function makeIdNumber(spec = {}) {
  const pad = (n, w) => String(n).padStart(w, '0')
  for (let tries = 0; tries < 100000; tries++) {
    const birth = spec.birth ?? `${randomInt(1945, 2006)}${pad(randomInt(1, 13), 2)}${pad(randomInt(1, 29), 2)}`
    let seq = randomInt(0, 1000)
    if (spec.sex) seq = seq - (seq % 2) + (spec.sex === 'M' ? 1 : 0) // the 17th digit is odd for men
    const first17 = `${spec.region ?? '371001'}${birth}${pad(seq, 3)}`
    const number = first17 + idCheckDigit(first17)
    if (spec.check && number[17] !== spec.check) continue
    if (issuedIds.has(number)) continue
    issuedIds.add(number)
    return number
  }
  throw new Error(`cannot make an ID number for ${JSON.stringify(spec)}`)
}

const maskId = (id) => `${id.slice(0, 4)}${'*'.repeat(10)}${id.slice(14)}`

function wrongCheckDigit(id) {
  const right = id[17]
  const wrong = '0123456789X'.split('').find((c) => c !== right)
  return id.slice(0, 17) + wrong
}

// Unique texts made of Chinese numerals, so names stay Chinese: 5 characters, unique per run.
const NUMERALS = '零一二三四五六七八九'
let uniqCounter = randomInt(10000, 50000)
function makeUniq() {
  return [...String(uniqCounter++).padStart(5, '0')].map((d) => NUMERALS[Number(d)]).join('')
}

// Node has a GB18030 decoder but no encoder: invert the decoder over every two-byte sequence and every
// four-byte one, once, when a case first asks for GB18030.
let gbTable = null
function gb18030Table() {
  if (gbTable) return gbTable
  const dec = new TextDecoder('gb18030', { fatal: true })
  gbTable = new Map()
  for (let b1 = 0x81; b1 <= 0xfe; b1++) {
    for (let b2 = 0x40; b2 <= 0xfe; b2++) {
      if (b2 === 0x7f) continue
      const bytes = Uint8Array.of(b1, b2)
      try {
        const ch = dec.decode(bytes)
        if (ch.length === 1 && ch !== '\ufffd' && !gbTable.has(ch)) gbTable.set(ch, bytes)
      } catch {}
    }
  }
  return gbTable
}

// Four-byte GB18030 sequences: linear index → bytes; supplementary planes start at index 189000.
function gbFourBytes(index) {
  const b4 = index % 10; index = Math.floor(index / 10)
  const b3 = index % 126; index = Math.floor(index / 126)
  const b2 = index % 10; const b1 = Math.floor(index / 10)
  return Uint8Array.of(0x81 + b1, 0x30 + b2, 0x81 + b3, 0x30 + b4)
}

function encodeGb18030(text) {
  const table = gb18030Table()
  const dec = new TextDecoder('gb18030')
  const parts = []
  for (const ch of text) {
    const cp = ch.codePointAt(0)
    if (cp < 0x80) parts.push(Uint8Array.of(cp))
    else if (table.has(ch)) parts.push(table.get(ch))
    else if (cp >= 0x10000) parts.push(gbFourBytes(cp - 0x10000 + 189000))
    else {
      // BMP characters outside GBK: search the four-byte range below the supplementary planes.
      let found = null
      for (let i = 0; i < 39420 && !found; i++) if (dec.decode(gbFourBytes(i)) === ch) found = gbFourBytes(i)
      if (!found) throw new Error(`cannot encode U+${cp.toString(16)} in GB18030`)
      parts.push(found)
    }
  }
  const bytes = Buffer.concat(parts)
  if (dec.decode(bytes) !== text) throw new Error('GB18030 encoding does not decode back to the text')
  return bytes
}

// ---------------------------------------------------------------------------------------------
// Substitution of ${...} in case data

class CaseError extends Error {}

// The state one case runs with: its variables, its ID numbers and unique texts.
function newCaseState(kase, run) {
  return { vars: { ...(kase.vars || {}) }, ids: {}, uniqs: {}, idSpecs: kase.ids || {}, run }
}

function idFor(st, name) {
  if (!st.ids[name]) st.ids[name] = makeIdNumber(st.idSpecs[name])
  return st.ids[name]
}

function sharedValue(ref) {
  const [file, pointer = ''] = ref.split('#')
  let v = JSON.parse(readFileSync(join(SHARED_DATA, file), 'utf8'))
  for (const part of pointer.split('/').filter(Boolean)) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~')
    if (v == null || !(key in Object(v))) throw new CaseError(`shared ${ref}: no "${key}"`)
    v = v[key]
  }
  return v
}

// The value of one ${token}: plain names are variables (typed); name:arg forms are functions.
function tokenValue(token, st) {
  const colon = token.indexOf(':')
  if (colon < 0) {
    if (token in st.vars) return st.vars[token]
    if (token === 'password') return st.run.password
    if (token === 'today') return st.run.today
    if (token === 'login_failures_left') return LOGIN_FAILURES_PER_ADDRESS - st.run.loginFailures
    throw new CaseError(`unknown variable \${${token}}`)
  }
  const fn = token.slice(0, colon)
  const arg = token.slice(colon + 1)
  switch (fn) {
    case 'id': return idFor(st, arg)
    case 'id_lower': return idFor(st, arg).toLowerCase()
    case 'id_masked': return maskId(idFor(st, arg))
    case 'id_badcheck': return wrongCheckDigit(idFor(st, arg))
    case 'id_first17': return idFor(st, arg).slice(0, 17)
    case 'pad': return 'x'.repeat(Number(arg)) // for size limits
    case 'uniq': return (st.uniqs[arg] ??= makeUniq())
    case 'str': return String(tokenValue(arg, st))
    case 'shared': return sharedValue(arg)
    default: throw new CaseError(`unknown function \${${token}}`)
  }
}

const TOKEN = /\$\{([^{}]+)\}/g

// Strings that are exactly one ${name} of a variable or ${shared:...} keep the value's type.
function substString(s, st) {
  const whole = /^\$\{([^{}]+)\}$/.exec(s)
  if (whole && (!whole[1].includes(':') || whole[1].startsWith('shared:'))) return tokenValue(whole[1], st)
  return s.replace(TOKEN, (_, token) => {
    const v = tokenValue(token, st)
    return typeof v === 'string' ? v : JSON.stringify(v)
  })
}

function subst(value, st) {
  if (typeof value === 'string') return substString(value, st)
  if (Array.isArray(value)) return value.map((v) => subst(v, st))
  if (value && typeof value === 'object') {
    const out = {}
    for (const [k, v] of Object.entries(value)) out[substString(k, st)] = subst(v, st)
    return out
  }
  return value
}

// ---------------------------------------------------------------------------------------------
// Matching expected values against actual ones

const show = (v) => (v === undefined ? '(absent)' : JSON.stringify(v))
const typeOf = (v) => (v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v)
const isMatcher = (e) => e && typeof e === 'object' && !Array.isArray(e) && Object.keys(e).length > 0 &&
  Object.keys(e).every((k) => k.startsWith('$'))

const keyPath = (path, key) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`)

function deepEqual(a, b) {
  if (a === b) return true
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  const ka = Object.keys(a), kb = Object.keys(b)
  return ka.length === kb.length && ka.every((k) => deepEqual(a[k], b[k]))
}

// Adds to diffs one line per difference between expected (with matchers) and actual at path.
function match(expected, actual, path, diffs) {
  if (isMatcher(expected)) return matchOperators(expected, actual, path, diffs)
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return diffs.push(`${path}: expected an array, got ${show(actual)}`)
    if (expected.length !== actual.length)
      diffs.push(`${path}: expected ${expected.length} elements, got ${actual.length}`)
    expected.forEach((e, i) => i < actual.length && match(e, actual[i], `${path}[${i}]`, diffs))
    return
  }
  if (expected && typeof expected === 'object') {
    if (!actual || typeof actual !== 'object' || Array.isArray(actual))
      return diffs.push(`${path}: expected an object, got ${show(actual)}`)
    // Operators beside plain keys apply to the object itself: {"$keys": [...], "code": "x"}.
    const ops = Object.fromEntries(Object.entries(expected).filter(([k]) => k.startsWith('$')))
    if (Object.keys(ops).length) matchOperators(ops, actual, path, diffs)
    for (const [k, e] of Object.entries(expected)) {
      if (k.startsWith('$')) continue
      const p = keyPath(path, k)
      if (isMatcher(e) && e.$absent !== undefined && Object.keys(e).length === 1) {
        if (e.$absent && k in actual) diffs.push(`${p}: expected absent, got ${show(actual[k])}`)
        if (!e.$absent && !(k in actual)) diffs.push(`${p}: expected present, got (absent)`)
        continue
      }
      if (!(k in actual)) diffs.push(`${p}: expected ${show(e)}, got (absent)`)
      else match(e, actual[k], p, diffs)
    }
    return
  }
  if (expected !== actual) diffs.push(`${path}: expected ${show(expected)}, got ${show(actual)}`)
}

function matchOperators(ops, actual, path, diffs) {
  for (const [op, arg] of Object.entries(ops)) {
    switch (op) {
      case '$type':
        if (typeOf(actual) !== arg && !(arg === 'number' && typeOf(actual) === 'integer'))
          diffs.push(`${path}: expected a value of type ${arg}, got ${show(actual)}`)
        break
      case '$regex':
        if (typeof actual !== 'string' || !new RegExp(arg, 'u').test(actual))
          diffs.push(`${path}: expected text matching /${arg}/, got ${show(actual)}`)
        break
      case '$absent':
        if (arg && actual !== undefined) diffs.push(`${path}: expected absent, got ${show(actual)}`)
        if (!arg && actual === undefined) diffs.push(`${path}: expected present, got (absent)`)
        break
      case '$exact':
        if (!deepEqual(arg, actual)) diffs.push(`${path}: expected exactly ${show(arg)}, got ${show(actual)}`)
        break
      case '$ne':
        if (deepEqual(arg, actual)) diffs.push(`${path}: expected anything but ${show(arg)}`)
        break
      case '$keys': {
        const got = actual && typeof actual === 'object' ? Object.keys(actual).sort() : null
        if (!got || !deepEqual(got, [...arg].sort()))
          diffs.push(`${path}: expected exactly the keys ${show([...arg].sort())}, got ${show(got)}`)
        break
      }
      case '$len': {
        const n = typeof actual === 'string' ? [...actual].length : Array.isArray(actual) ? actual.length : undefined
        if (n !== arg) diffs.push(`${path}: expected length ${arg}, got ${n === undefined ? show(actual) : n}`)
        break
      }
      case '$gt': case '$gte': case '$lt': case '$lte': {
        const ok = typeof actual === 'number' &&
          ({ $gt: actual > arg, $gte: actual >= arg, $lt: actual < arg, $lte: actual <= arg })[op]
        if (!ok) diffs.push(`${path}: expected ${op.slice(1)} ${arg}, got ${show(actual)}`)
        break
      }
      case '$contains': // every expected element matches a different actual element, in any order
        if (!Array.isArray(actual)) { diffs.push(`${path}: expected an array, got ${show(actual)}`); break }
        matchContains(arg, actual, path, diffs)
        break
      case '$none': // no actual element matches any of these
        if (!Array.isArray(actual)) { diffs.push(`${path}: expected an array, got ${show(actual)}`); break }
        for (const e of arg) {
          const hit = actual.findIndex((a) => { const d = []; match(e, a, '', d); return d.length === 0 })
          if (hit >= 0) diffs.push(`${path}[${hit}]: expected no element matching ${show(e)}, got ${show(actual[hit])}`)
        }
        break
      case '$all':
        for (const e of arg) match(e, actual, path, diffs)
        break
      case '$not': {
        const d = []
        match(arg, actual, path, d)
        if (d.length === 0) diffs.push(`${path}: expected not ${show(arg)}, got ${show(actual)}`)
        break
      }
      default:
        diffs.push(`${path}: unknown matcher ${op}`)
    }
  }
}

function matchContains(expected, actual, path, diffs) {
  const used = new Set()
  for (const e of expected) {
    let best = null
    const hit = actual.findIndex((a, i) => {
      if (used.has(i)) return false
      const d = []
      match(e, a, '', d)
      if (!best || d.length < best.length) best = d
      return d.length === 0
    })
    if (hit >= 0) used.add(hit)
    else diffs.push(`${path}: no element matches ${show(e)}${best ? ` (closest differs: ${best.slice(0, 3).join('; ')})` : ''}`)
  }
}

// ---------------------------------------------------------------------------------------------
// Running a step

const UNSAFE = (m) => !['GET', 'HEAD'].includes(m)

// Headers for "as": a demo or setup account by Bearer, its session as a browser, or a saved session.
function authHeaders(as, method, step, run) {
  const headers = {}
  const csrfHeader = (csrf) => {
    if (step.csrf === false || !UNSAFE(method)) return
    headers['X-CSRF-Token'] = typeof step.csrf === 'string' ? step.csrf : csrf
  }
  if (as === undefined || as === 'anonymous') return headers
  if (typeof as === 'object') {
    if (as.bearer !== undefined) headers.Authorization = `Bearer ${as.bearer}`
    if (as.cookie !== undefined) { headers.Cookie = `ws_session=${as.cookie}`; csrfHeader(as.csrf) }
    return headers
  }
  const cookie = as.startsWith('cookie:')
  const user = cookie ? as.slice(7) : as
  const session = run.sessions[user]
  if (!session) throw new CaseError(`no session for "${user}": its login failed in setup (see above)`)
  if (cookie) { headers.Cookie = `ws_session=${session.token}`; csrfHeader(session.csrf) }
  else headers.Authorization = `Bearer ${session.token}`
  return headers
}

function encodeText(text, step) {
  const eol = { lf: '\n', crlf: '\r\n', cr: '\r' }[step.line_endings || 'lf']
  if (!eol) throw new CaseError(`line_endings must be lf, crlf or cr`)
  const t = text.replace(/\r\n|\r|\n/g, eol)
  switch (step.encoding || 'utf-8') {
    case 'utf-8': return Buffer.from(t, 'utf8')
    case 'utf-8-bom': return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(t, 'utf8')])
    case 'gb18030': return encodeGb18030(t)
    default: throw new CaseError(`encoding must be utf-8, utf-8-bom or gb18030`)
  }
}

// The request body and its default Content-Type.
function requestBody(step, st) {
  if (step.body !== undefined) return { body: JSON.stringify(subst(step.body, st)), type: 'application/json' }
  // Raw bytes, sent as they are: a fixture file (as a spreadsheet program saved it) or hex.
  if (step.body_file !== undefined) return { body: readFileSync(join(FIXTURES_DIR, step.body_file)), type: 'text/csv' }
  if (step.body_hex !== undefined) return { body: Buffer.from(step.body_hex.replace(/\s+/g, ''), 'hex'), type: 'text/csv' }
  let text = step.body_text
  if (Array.isArray(text)) text = text.join('\n') // a CSV is easier to read one line per element
  if (text === undefined) return { body: undefined, type: undefined }
  return { body: encodeText(substString(text, st), step), type: 'text/csv' }
}

function buildUrl(base, step, st) {
  let url = `${base}${substString(step.path, st)}`
  if (step.query) {
    const q = new URLSearchParams()
    for (const [k, v] of Object.entries(subst(step.query, st))) q.append(k, typeof v === 'string' ? v : JSON.stringify(v))
    url += (url.includes('?') ? '&' : '?') + q.toString()
  }
  return url
}

async function send(step, st) {
  const run = st.run
  const method = (step.method || 'GET').toUpperCase()
  const { body, type } = requestBody(step, st)
  const headers = { ...authHeaders(subst(step.as, st), method, step, run) }
  if (type) headers['Content-Type'] = step.content_type || type
  Object.assign(headers, subst(step.headers || {}, st))
  const url = buildUrl(run.base, step, st)
  const res = await fetch(url, { method, headers, body, redirect: 'manual', signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) })
  const raw = Buffer.from(await res.arrayBuffer())
  const text = raw.toString('utf8')
  let json
  try { json = text ? JSON.parse(text) : undefined } catch { json = undefined }
  if (method === 'POST' && new URL(url).pathname === '/api/v1/session' && res.status === 401) run.loginFailures++
  return { status: res.status, headers: res.headers, raw, text, json, method, url }
}

function headerValue(res, name) {
  const v = res.headers.get(name)
  return v === null ? undefined : v
}

function checkResponse(expect, res, st) {
  const diffs = []
  if (!expect) return diffs
  const e = subst(expect, st)
  if (e.status !== undefined) match(e.status, res.status, 'status', diffs)
  for (const [name, m] of Object.entries(e.headers || {})) match(m, headerValue(res, name), `header ${name}`, diffs)
  if (e.json !== undefined) {
    if (res.json === undefined) diffs.push(`body: expected JSON, got ${show(res.text.slice(0, 200))}`)
    else match(e.json, res.json, '$', diffs)
  }
  if (e.body !== undefined) match(e.body, res.text, 'body', diffs)
  for (const s of e.body_contains || []) if (!res.text.includes(s)) diffs.push(`body: expected to contain ${show(s)}`)
  for (const s of e.body_excludes || []) if (res.text.includes(s)) diffs.push(`body: must not contain ${show(s)}, but does`)
  if (e.body_hex_prefix !== undefined) {
    const got = res.raw.subarray(0, e.body_hex_prefix.length / 2).toString('hex')
    if (got !== e.body_hex_prefix.toLowerCase()) diffs.push(`body: expected to start with bytes ${e.body_hex_prefix}, got ${got}`)
  }
  return diffs
}

// Reads a saved value: "$status", "$body", "header:NAME", "cookie:NAME" or a dot path into the JSON.
function extract(source, res) {
  if (source === '$status') return res.status
  if (source === '$body') return res.text
  if (source.startsWith('header:')) return headerValue(res, source.slice(7))
  if (source.startsWith('cookie:')) {
    const name = source.slice(7)
    const m = new RegExp(`(?:^|[,;]\\s*)${name}=([^;,]*)`).exec(headerValue(res, 'set-cookie') || '')
    return m ? m[1] : undefined
  }
  let v = res.json
  for (const part of source.split('.').filter(Boolean)) v = v == null ? undefined : v[/^\d+$/.test(part) ? Number(part) : part]
  return v
}

function describeStep(i, step, res) {
  const where = res ? `${res.method} ${new URL(res.url).pathname}${new URL(res.url).search}` : `${step.method || 'GET'} ${step.path}`
  return `step ${i + 1}${step.note ? ` (${step.note})` : ''}: ${where}`
}

async function runStep(step, i, st) {
  const times = step.repeat === undefined ? 1 : subst(step.repeat, st)
  if (!Number.isInteger(times) || times < 0) throw new CaseError(`step ${i + 1}: repeat must be a whole number ≥ 0, got ${show(times)}`)
  for (let k = 0; k < times; k++) {
    if (step.repeat !== undefined) st.vars.i = k
    const res = await send(step, st)
    const diffs = checkResponse(step.expect, res, st)
    if (diffs.length) {
      const head = `${describeStep(i, step, res)}${step.repeat !== undefined ? ` [repeat ${k}]` : ''}`
      const body = res.text.length > SHOWN_BODY_CHARS ? `${res.text.slice(0, SHOWN_BODY_CHARS)}…` : res.text
      return [head, ...diffs.map((d) => `  ${d}`), `  answer: ${res.status} ${body}`]
    }
    for (const [name, source] of Object.entries(step.save || {})) {
      const v = extract(source, res)
      if (v === undefined) return [`${describeStep(i, step, res)}`, `  save ${name}: ${source} is absent in the answer`]
      st.vars[name] = v
    }
  }
  return null
}

// ---------------------------------------------------------------------------------------------
// Cases

function loadCases() {
  const files = readdirSync(CASES_DIR).filter((f) => f.endsWith('.json')).sort()
  const cases = []
  const seen = new Set()
  for (const f of files) {
    let kase
    try {
      kase = JSON.parse(readFileSync(join(CASES_DIR, f), 'utf8'))
      if (typeof kase.id !== 'string' || typeof kase.title !== 'string' || !Array.isArray(kase.steps) || !kase.steps.length)
        throw new Error('a case needs "id", "title" and a non-empty "steps" array')
      if (`${kase.id}.json` !== f) throw new Error(`the file name must be the id: ${kase.id}.json`)
      if (seen.has(kase.id)) throw new Error(`duplicate id ${kase.id}`)
      seen.add(kase.id)
    } catch (err) {
      kase = { id: f.replace(/\.json$/, ''), title: '(unreadable case file)', broken: err.message, steps: [] }
    }
    cases.push(kase)
  }
  // Cases with "phase": "last" run after the others: they may exhaust the per-address login limit.
  return [...cases.filter((c) => c.phase !== 'last'), ...cases.filter((c) => c.phase === 'last')]
}

// Every account a case names in "as" (strings only: objects carry their own session).
function accountsNamed(cases) {
  const users = new Set()
  for (const c of cases)
    for (const s of c.steps)
      if (typeof s.as === 'string' && s.as !== 'anonymous' && !s.as.includes('${')) users.add(s.as.replace(/^cookie:/, ''))
  return [...users].sort()
}

async function login(run, user) {
  const res = await fetch(`${run.base}/api/v1/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: user, password: run.password }),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  })
  const body = await res.json().catch(() => ({}))
  if (res.status === 401) run.loginFailures++
  if (res.status !== 200 || !body.token) throw new Error(`login of ${user}: ${res.status} ${JSON.stringify(body)}`)
  return { token: body.token, csrf: body.csrf_token }
}

function missingShared(kase) {
  const missing = (kase.requires || []).filter((p) => !existsSync(join(SHARED_DATA, p)))
  return missing.length ? `needs ../shared/data/${missing.join(', ../shared/data/')}, which is absent` : null
}

async function runCase(kase, run) {
  if (kase.broken) return { ok: false, lines: [kase.broken] }
  const skip = missingShared(kase)
  if (skip) return { skip }
  const st = newCaseState(kase, run)
  try {
    for (let i = 0; i < kase.steps.length; i++) {
      const failure = await runStep(kase.steps[i], i, st)
      if (failure) return { ok: false, lines: failure }
    }
  } catch (err) {
    return { ok: false, lines: [err instanceof CaseError ? err.message : `error: ${err.stack || err}`] }
  }
  return { ok: true }
}

// The civil date in Asia/Shanghai, as the server reckons "today" (yyyy-mm-dd).
function shanghaiToday() {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(new Date())
  const part = (type) => parts.find((p) => p.type === type).value
  return `${part('year')}-${part('month')}-${part('day')}`
}

async function main() {
  const { out } = parseArgs(process.argv.slice(2))
  mkdirSync(out, { recursive: true })
  let cases = []
  const setup = JSON.parse(readFileSync(join(HERE, 'setup.json'), 'utf8'))
  const run = { password: `api-${randomBytes(9).toString('hex')}`, loginFailures: 0, sessions: {}, today: shanghaiToday() }
  const tmp = mkdtempSync(join(tmpdir(), 'waystation-api-'))
  process.on('exit', () => rmSync(tmp, { recursive: true, force: true })) // also after Ctrl-C
  let server = null
  let passed = 0, failed = 0, skipped = 0
  try {
    cases = loadCases()
    if (!existsSync(SERVER_BINARY)) throw new Error(`${SERVER_BINARY} is missing: run make build first`)
    const db = join(tmp, 'w.db')
    runCommand(['init', '--db', db])
    runCommand(['demo', '--db', db, '--households', String(setup.demo_households)], { env: { WAYSTATION_DEMO_PASSWORD: run.password } })
    for (const u of setup.users || [])
      runCommand(['user', 'add', u.name, '--role', u.role, '--division', u.division, '--db', db, '--password-stdin'], { input: `${run.password}\n` })
    const port = await freePort()
    run.base = `http://127.0.0.1:${port}`
    server = startServer(db, port, join(out, 'api-server.log'))
    await waitHealthy(run.base, server)
    for (const user of accountsNamed(cases)) {
      try { run.sessions[user] = await login(run, user) } catch (err) { console.log(`api setup: ${err.message}`) }
    }
    console.log(`api: ${cases.length} cases against ${run.base} (${setup.demo_households} demo households)`)
    for (const kase of cases) {
      const r = await runCase(kase, run)
      if (r.skip) { skipped++; console.log(`skip ${kase.id} ${kase.title}: ${r.skip}`); continue }
      if (r.ok) { passed++; console.log(`ok  ${kase.id} ${kase.title}`); continue }
      failed++
      console.log(`FAIL ${kase.id} ${kase.title}`)
      for (const line of r.lines) console.log(`    ${line}`)
    }
  } catch (err) {
    console.log(`FAIL api setup: ${err.message}`)
    failed += Math.max(1, cases.length - passed - failed - skipped)
  } finally {
    if (server) await server.stop()
    rmSync(tmp, { recursive: true, force: true })
  }
  if (skipped) console.log(`api: ${skipped} skipped`)
  const line = `api: ${passed} passed, ${failed} failed`
  console.log(line)
  appendFileSync(join(out, 'summary'), `${line}\n`)
}

for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130)) // 'exit' kills the server

await main()
process.exit(0) // idle keep-alive connections must not hold the run open
