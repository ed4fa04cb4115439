// referrals.mjs: throughput of concurrent referral transitions over HTTP against one server and database.
// Usage: node bench/referrals.mjs URL PASSWORD REFERRALS CONNECTIONS
//
// Against a demo database served at URL (accounts with PASSWORD): the city administrator prepares
// REFERRALS referrals to provider 8 (a city-wide demo company offering L1, L3, C1, C2, C3 and H1), each
// for one demo household and item, consented and sent. Then, with CONNECTIONS keep-alive connections:
//   race     every referral gets two accepts at the same moment from two sessions of the provider's staff:
//            exactly one must answer 200 and the other 409 (checked for each referral);
//   deliver  every accepted referral is started and delivered with a service record (two transitions);
// and prints the transitions per second, the requests per second and the latency of each phase, then one
// line "result ..." for bench/run.sh. Node 18 or 20, built-ins only. Writes go through the server's one
// writer connection, each a durable (synchronous=FULL) transaction with its audit entry.
import http from 'node:http'

const [url, password, nArg, cArg] = process.argv.slice(2)
if (!url || !password || !nArg || !cArg) {
  console.error('usage: node bench/referrals.mjs URL PASSWORD REFERRALS CONNECTIONS')
  process.exit(2)
}
const REFERRALS = Number(nArg)
const CONNECTIONS = Number(cArg)
const PROVIDER = 8
const ITEMS = ['L1', 'L3', 'C1', 'C2', 'C3', 'H1']
const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS })
const base = new URL(url)

// One request; resolves to {status, json, ms}. Rejects on a socket error or a 5xx.
function request(method, path, token, body) {
  const data = body === undefined ? null : Buffer.from(JSON.stringify(body))
  const started = process.hrtime.bigint()
  return new Promise((resolve, reject) => {
    const req = http.request({
      agent, host: base.hostname, port: base.port, method, path,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...(data ? { 'Content-Length': data.length } : {}) },
      timeout: 30000,
    }, (res) => {
      const chunks = []
      res.on('data', (c) => chunks.push(c))
      res.on('end', () => {
        const ms = Number(process.hrtime.bigint() - started) / 1e6
        const text = Buffer.concat(chunks).toString('utf8')
        if (res.statusCode >= 500) return reject(new Error(`${method} ${path}: ${res.statusCode} ${text}`))
        resolve({ status: res.statusCode, json: text ? JSON.parse(text) : null, ms })
      })
    })
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: timed out`)))
    req.on('error', reject)
    if (data) req.write(data)
    req.end()
  })
}

async function login(username) {
  const r = await request('POST', '/api/v1/session', '', { username, password })
  if (r.status !== 200) throw new Error(`login of ${username}: ${r.status}`)
  return r.json.token
}

// Runs job(i) for i in [0, n) with at most `limit` in flight.
async function pool(n, limit, job) {
  let next = 0
  const workers = Array.from({ length: Math.min(limit, n) }, async () => {
    while (next < n) await job(next++)
  })
  await Promise.all(workers)
}

function percentile(sorted, p) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : 0
}

function report(name, transitions, requests, seconds, latencies) {
  latencies.sort((a, b) => a - b)
  const tps = transitions / seconds
  console.log(`${name}: ${transitions} transitions (${requests} requests) in ${seconds.toFixed(3)} s: ` +
    `${tps.toFixed(0)} transitions/s, ${(requests / seconds).toFixed(0)} requests/s, ` +
    `latency p50 ${percentile(latencies, 50).toFixed(2)} ms, p99 ${percentile(latencies, 99).toFixed(2)} ms`)
  return { tps, rps: requests / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) }
}

const admin = await login('admin')
const staff = [await login(`provider-${PROVIDER}`), await login(`provider-${PROVIDER}`)]

// ---- preparing: REFERRALS sent referrals, one household and item each --------------------------
const households = []
for (let offset = 0; households.length * ITEMS.length < 2 * REFERRALS; offset += 200) {
  const page = await request('GET', `/api/v1/households?limit=200&offset=${offset}`, admin)
  if (page.status !== 200 || page.json.items.length === 0) throw new Error('not enough demo households')
  for (const h of page.json.items) if (h.head_name) households.push(h)
}
const ids = new Array(REFERRALS)
let pair = 0 // the next (household, item) to refer; the demo's own open referrals are skipped (409)
let t0 = process.hrtime.bigint()
await pool(REFERRALS, CONNECTIONS, async (i) => {
  let made, h
  do {
    if (pair >= households.length * ITEMS.length) throw new Error('not enough demo households')
    const k = pair++
    h = households[Math.floor(k / ITEMS.length)]
    made = await request('POST', '/api/v1/referrals', admin,
      { household_id: h.id, item_code: ITEMS[k % ITEMS.length], provider_id: PROVIDER, note: 'bench' })
  } while (made.status === 409)
  if (made.status !== 201) throw new Error(`create: ${made.status} ${JSON.stringify(made.json)}`)
  const id = made.json.id
  const c = await request('POST', `/api/v1/referrals/${id}/consent`, admin, { given_by: h.head_name, method: 'signed' })
  const s = await request('POST', `/api/v1/referrals/${id}/send`, admin)
  if (c.status !== 200 || s.status !== 200) throw new Error(`consent/send: ${c.status} ${s.status}`)
  ids[i] = id
})
console.log(`prepared ${REFERRALS} sent referrals in ${(Number(process.hrtime.bigint() - t0) / 1e9).toFixed(1)} s`)

// ---- race: two accepts at once for every referral --------------------------------------------
let won = 0
let lost = 0
const raceLatency = []
t0 = process.hrtime.bigint()
await pool(REFERRALS, Math.max(1, CONNECTIONS / 2), async (i) => {
  const answers = await Promise.all(staff.map((token) => request('POST', `/api/v1/referrals/${ids[i]}/accept`, token)))
  const ok = answers.filter((a) => a.status === 200).length
  const conflict = answers.filter((a) => a.status === 409 && a.json.error.code === 'bad_transition').length
  if (ok !== 1 || conflict !== 1) throw new Error(`referral ${ids[i]}: ${answers.map((a) => a.status)} (want one 200, one 409)`)
  won += ok
  lost += conflict
  for (const a of answers) raceLatency.push(a.ms)
})
const race = report('race', won, won + lost, Number(process.hrtime.bigint() - t0) / 1e9, raceLatency)

// ---- deliver: start and deliver every accepted referral --------------------------------------
const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10) // Asia/Shanghai
const deliverLatency = []
t0 = process.hrtime.bigint()
await pool(REFERRALS, CONNECTIONS, async (i) => {
  const token = staff[i % 2]
  const s = await request('POST', `/api/v1/referrals/${ids[i]}/start`, token)
  const d = await request('POST', `/api/v1/referrals/${ids[i]}/deliver`, token,
    { served_on: today, minutes: 60, what: 'bench delivery' })
  if (s.status !== 200 || d.status !== 200) throw new Error(`start/deliver ${ids[i]}: ${s.status} ${d.status}`)
  deliverLatency.push(s.ms, d.ms)
})
const deliver = report('deliver', 2 * REFERRALS, 2 * REFERRALS, Number(process.hrtime.bigint() - t0) / 1e9, deliverLatency)

console.log(`result referrals=${REFERRALS} connections=${CONNECTIONS} race_tps=${race.tps.toFixed(0)} ` +
  `race_rps=${race.rps.toFixed(0)} race_p50_ms=${race.p50.toFixed(2)} race_p99_ms=${race.p99.toFixed(2)} ` +
  `race_conflicts=${lost} deliver_tps=${deliver.tps.toFixed(0)} deliver_p50_ms=${deliver.p50.toFixed(2)} ` +
  `deliver_p99_ms=${deliver.p99.toFixed(2)}`)
agent.destroy()
