// e2e: the browser UI (web/dist) against the real server, in Debian's headless chromium driven by
// playwright-core. Usage: node tests/e2e/run.mjs --out DIR
//
// It makes a fresh database with demo data in a temporary folder, serves it on a free loopback port,
// runs the scenarios below as a station worker, saves screenshots to DIR, and appends the one line
// "e2e: P passed, F failed" to DIR/summary. A missing browser, server binary or UI build counts as a
// failure, never as a skip. Every wait is bounded; the server is stopped however the run ends.
import { spawn, spawnSync } from 'node:child_process'
import { appendFileSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { randomBytes, randomInt } from 'node:crypto'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const SERVER_BINARY = join(ROOT, 'bin/waystation')
const WEB_DIST = join(ROOT, 'web/dist')
const CHROMIUM = '/usr/bin/chromium'
// Without the background-networking flags chromium tries the network, which is refused here.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]
const VIEWPORT = { width: 1366, height: 768 } // the laptop the UI must fit
const WORKER = 'station-371002001' // the demo's station worker of a town in 环翠区
const WORKER_TOWN_REGION = '371002' // region part of ID numbers issued there
const SERVER_TIME_ZONE = 'Asia/Shanghai' // the server's dates; the UI's "today" must follow it
const IMPORT_LIMIT_BYTES = 64 * 1024 * 1024

const COMMAND_TIMEOUT_MS = 120000 // init and demo
const HEALTH_TIMEOUT_MS = 20000
const STEP_TIMEOUT_MS = 15000 // any one browser action or expectation
const TEST_TIMEOUT_MS = 60000
const STOP_TIMEOUT_MS = 5000

// ---------------------------------------------------------------------------------------------
// Test data

// GB 11643 check digit: ISO 7064 MOD 11-2 over the first 17 digits.
function idCheckDigit(first17) {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const sum = [...first17].reduce((acc, digit, i) => acc + Number(digit) * weights[i], 0)
  return '10X98765432'[sum % 11]
}

function randomIdFirst17() {
  const pad = (n, width) => String(n).padStart(width, '0')
  const birth = `${randomInt(1950, 2006)}${pad(randomInt(1, 13), 2)}${pad(randomInt(1, 29), 2)}`
  return `${WORKER_TOWN_REGION}${birth}${pad(randomInt(100, 1000), 3)}`
}

// The masked form docs/api.md shows: the first 4 and last 4 characters kept (3710**********123X).
const maskedId = (id) => `${id.slice(0, 4)}${'*'.repeat(10)}${id.slice(14)}`

function makeTestData() {
  const first17 = randomIdFirst17()
  const check = idCheckDigit(first17)
  const wrongCheck = '10X98765432'.replace(check, '')[randomInt(0, 10)]
  let spouseFirst17 = randomIdFirst17()
  while (spouseFirst17 === first17) spouseFirst17 = randomIdFirst17()
  return {
    password: `E2e-${randomBytes(12).toString('base64url')}`,
    householdNo: `E2E-${randomBytes(3).toString('hex').toUpperCase()}`,
    // 𡐤 lies outside the BMP: it must survive the form, the API, the search and the screen.
    name: `林𡐤${'安宁春华明秀云'[randomInt(0, 7)]}`,
    idNumber: first17 + check,
    badIdNumber: first17 + wrongCheck,
    village: '塔山社区',
    spouseName: `王${'静丽芳敏'[randomInt(0, 4)]}`,
    spouseIdNumber: spouseFirst17 + idCheckDigit(spouseFirst17),
    phone: `0631-5${randomInt(100000, 1000000)}`,
  }
}

// YYYY-MM-DD in a time zone.
function dateIn(timeZone, when = new Date()) {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(when)
  const part = Object.fromEntries(parts.map(({ type, value }) => [type, value]))
  return `${part.year}-${part.month}-${part.day}`
}

// A browser time zone whose date differs from Shanghai's right now, so that a form taking "today" from
// the browser instead of from Asia/Shanghai shows the wrong day: UTC-12 is a day behind until 20:00
// in Shanghai, UTC+14 a day ahead from 18:00.
function browserTimeZone() {
  return dateIn('Etc/GMT+12') !== dateIn(SERVER_TIME_ZONE) ? 'Etc/GMT+12' : 'Pacific/Kiritimati'
}

// ---------------------------------------------------------------------------------------------
// Running the server

function parseOutDir(argv) {
  const i = argv.indexOf('--out')
  return resolve(i >= 0 && argv[i + 1] ? argv[i + 1] : join(ROOT, 'tests/out'))
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const probe = net.createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address()
      probe.close(() => resolvePort(port))
    })
  })
}

function runCommand(args, env) {
  const result = spawnSync(SERVER_BINARY, args, { env: { ...process.env, ...env }, encoding: 'utf8', timeout: COMMAND_TIMEOUT_MS })
  if (result.error) throw new Error(`waystation ${args[0]}: ${result.error.message}`)
  if (result.status !== 0) {
    throw new Error(`waystation ${args[0]} exited with ${result.status}: ${(result.stderr || result.stdout).trim().slice(-500)}`)
  }
}

const sleep = (ms) => new Promise((done) => setTimeout(done, ms))

async function waitForHealth(baseUrl, server, logPath) {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`server exited with ${server.exitCode}: ${tail(logPath)}`)
    try {
      const answer = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(1000) })
      if (answer.ok) return
    } catch {
      // not listening yet
    }
    await sleep(200)
  }
  throw new Error(`no answer from ${baseUrl}/healthz within ${HEALTH_TIMEOUT_MS / 1000} s: ${tail(logPath)}`)
}

function tail(path) {
  try {
    return readFileSync(path, 'utf8').trim().split('\n').slice(-5).join(' | ')
  } catch {
    return '(no log)'
  }
}

async function startServer(tmp, outDir, password) {
  for (const [path, what] of [
    [SERVER_BINARY, 'the server binary (run `make build`)'],
    [join(WEB_DIST, 'index.html'), 'the UI build (run `make web`)'],
    [CHROMIUM, 'Debian chromium (apt-get install chromium)'],
  ]) {
    if (!existsSync(path)) throw new Error(`missing ${path}: ${what}`)
  }
  const db = join(tmp, 'w.db')
  runCommand(['init', '--db', db])
  // E2E_HOUSEHOLDS=5000 gives the full demo, as for the README's screenshots.
  runCommand(['demo', '--db', db, '--households', process.env.E2E_HOUSEHOLDS || '300'], { WAYSTATION_DEMO_PASSWORD: password })

  const port = await freePort()
  const logPath = join(outDir, 'e2e-server.log')
  const log = openSync(logPath, 'w')
  const server = spawn(SERVER_BINARY, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--web', WEB_DIST], {
    stdio: ['ignore', log, log],
  })
  closeSync(log)
  const baseUrl = `http://127.0.0.1:${port}`
  try {
    await waitForHealth(baseUrl, server, logPath)
  } catch (error) {
    await stopServer(server)
    throw error
  }
  return { server, baseUrl }
}

async function stopServer(server) {
  if (!server || server.exitCode !== null || server.signalCode !== null) return
  const exited = new Promise((done) => server.once('exit', done))
  server.kill('SIGTERM')
  if (await Promise.race([exited.then(() => true), sleep(STOP_TIMEOUT_MS).then(() => false)])) return
  server.kill('SIGKILL')
  await Promise.race([exited, sleep(STOP_TIMEOUT_MS)])
}

// ---------------------------------------------------------------------------------------------
// The test harness: named tests, each bounded in time, a failure screenshot for each failure.

function withTimeout(promise, ms, what) {
  let timer
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms / 1000} s`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

function makeHarness(outDir) {
  const results = []
  const slug = (name) => name.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase()

  function record(name, error, ms = 0) {
    results.push({ name, ok: !error })
    console.log(error ? `  FAIL ${name}: ${String(error.message).split('\n')[0]}` : `  ok   ${name} (${ms} ms)`)
  }

  // requires: names of tests that must have passed first; otherwise this one fails at once.
  async function test(name, fn, { page, requires = [] } = {}) {
    const missing = requires.filter((dep) => !results.some((r) => r.name === dep && r.ok))
    if (missing.length) return record(name, new Error(`not run: needs "${missing.join('", "')}"`))
    const started = Date.now()
    try {
      await withTimeout(fn(), TEST_TIMEOUT_MS, name)
      record(name, null, Date.now() - started)
    } catch (error) {
      record(name, error, Date.now() - started)
      if (page) await page.screenshot({ path: join(outDir, `e2e-fail-${slug(name)}.png`), timeout: STEP_TIMEOUT_MS }).catch(() => {})
    }
  }

  return { results, record, test }
}

// ---------------------------------------------------------------------------------------------
// Page helpers for Element Plus widgets

async function chooseOption(page, selectLocator, label) {
  await selectLocator.click()
  // Dropdowns are rendered at the end of <body>; only the open one is visible.
  await page.locator('.el-select-dropdown__item:visible').filter({ hasText: label }).first().click()
}

async function waitForTableLoaded(page, testId) {
  const table = page.getByTestId(testId)
  await table.locator('.el-table__body tr').first().waitFor()
  await table.locator('.el-loading-mask').waitFor({ state: 'hidden' })
  return table
}

function expect(condition, message) {
  if (!condition) throw new Error(message)
}

// The JSON bodies of the requests the page sends while fn runs, for method and a path matching pathPattern.
async function bodiesSent(page, method, pathPattern, fn) {
  const bodies = []
  const listener = (request) => {
    if (request.method() === method && pathPattern.test(new URL(request.url()).pathname)) bodies.push(request.postDataJSON())
  }
  page.on('request', listener)
  try {
    await fn()
  } finally {
    page.off('request', listener)
  }
  return bodies
}

const householdPatchPath = /^\/api\/v1\/households\/\d+$/
const memberPatchPath = /^\/api\/v1\/households\/\d+\/members\/\d+$/

// Saves an open dialog and waits until it has closed (the save succeeded, or there was nothing to send).
async function saveDialog(dialog, saveTestId) {
  await dialog.getByTestId(saveTestId).click()
  await dialog.waitFor({ state: 'hidden' })
}

function memberRow(page, name) {
  return page.getByTestId('member-table').locator('.el-table__body tr').filter({ hasText: name })
}

async function fillHouseholdForm(page, data, idNumber) {
  await page.goto('/households/new')
  await page.getByTestId('household-form').waitFor()
  // A station worker has one town, which the form chooses by itself.
  await page.locator('[data-field="town_code"] .el-select__placeholder:not(.is-transparent)').waitFor()
  await page.locator('[data-field="village"] input').fill(data.village)
  await page.getByTestId('household-no').fill(data.householdNo)
  await chooseOption(page, page.getByTestId('household-category'), '低保对象')
  const row = page.getByTestId('member-row-0')
  await row.getByTestId('member-name').fill(data.name)
  await row.getByTestId('member-id-number').fill(idNumber)
}

// ---------------------------------------------------------------------------------------------
// Scenarios

async function runScenarios(harness, page, outDir, tmp, data, consoleProblems) {
  const t = (name, fn, requires) => harness.test(name, fn, { page, requires })

  await t('wrong password shows the server message', async () => {
    await page.goto('/')
    await page.waitForURL(/\/login/)
    await page.getByTestId('login-username').fill(WORKER)
    await page.getByTestId('login-password').fill(`${data.password}-wrong`)
    await page.getByTestId('login-submit').click()
    const message = (await page.getByTestId('login-error').textContent()).trim()
    expect(message.length > 0, 'the error alert is empty')
    expect(/\/login/.test(page.url()), `left the login page for ${page.url()}`)
  })

  await t('station worker logs in', async () => {
    await page.goto('/login')
    await page.getByTestId('login-username').fill(WORKER)
    await page.getByTestId('login-password').fill(data.password)
    await page.getByTestId('login-submit').click()
    await page.waitForURL(/\/households$/)
    const user = await page.getByTestId('current-user').textContent()
    expect(user.includes('驿站工作人员'), `header shows "${user}", not the station worker role`)
  })

  const loggedIn = ['station worker logs in']

  await t('invalid ID number shows a field error on the form', async () => {
    await fillHouseholdForm(page, data, data.badIdNumber)
    await page.getByTestId('create-submit').click()
    const fieldError = page.locator('[data-field="members[0].id_number"] .el-form-item__error')
    await fieldError.waitFor()
    const text = (await fieldError.textContent()).trim()
    expect(/[\u4e00-\u9fff]/.test(text), `the field error "${text}" is not in Chinese`)
    expect(page.url().endsWith('/households/new'), 'the invalid household was accepted')
  }, loggedIn)

  await t('create a household with a member named with 𡐤', async () => {
    await fillHouseholdForm(page, data, data.idNumber)
    await page.getByTestId('create-submit').click()
    await page.waitForURL(/\/households\/(?!new$)[^/]+$/)
    await page.getByTestId('household-heading').filter({ hasText: data.householdNo }).waitFor()
    await page.getByTestId('member-table').getByText(data.name).waitFor()
    data.householdPath = new URL(page.url()).pathname
  }, loggedIn)

  const created = [...loggedIn, 'create a household with a member named with 𡐤']

  await t('find the household by name and see the masked ID on its detail page', async () => {
    await page.goto('/households')
    await waitForTableLoaded(page, 'household-table')
    await page.getByTestId('list-search').fill(data.name)
    await page.getByTestId('list-search').press('Enter')
    const row = page.getByTestId('household-table').locator('.el-table__body tr').filter({ hasText: data.householdNo })
    await row.waitFor()
    expect(!/[?&]q=/.test(page.url()), `the search is in the URL: ${page.url()}`)
    await row.click()
    await page.waitForURL(/\/households\/(?!new$)[^/]+$/)
    const members = await waitForTableLoaded(page, 'member-table')
    const text = await members.textContent()
    expect(text.includes(maskedId(data.idNumber)), `member table lacks the masked ID ${maskedId(data.idNumber)}: ${text.slice(0, 200)}`)
    expect(!(await page.content()).includes(data.idNumber), 'the full ID number is in the page')
    await page.screenshot({ path: join(outDir, 'e2e-household-detail.png'), timeout: STEP_TIMEOUT_MS })
  }, created)

  await t('full ID number dialog shows the number', async () => {
    await page.getByTestId('member-table').getByTestId('show-full-id').first().click()
    const number = page.getByTestId('full-id-number')
    await number.waitFor()
    expect((await number.textContent()).trim() === data.idNumber, 'the dialog shows another number')
    await page.keyboard.press('Escape')
    await number.waitFor({ state: 'hidden' })
  }, [...created, 'find the household by name and see the masked ID on its detail page'])

  await t('a search by full ID number stays out of the URL, and Back returns to it', async () => {
    await page.goto('/households')
    await waitForTableLoaded(page, 'household-table')
    await page.getByTestId('list-search').fill(data.idNumber)
    await page.getByTestId('list-search').press('Enter')
    const rows = page.getByTestId('household-table').locator('.el-table__body tr')
    await rows.filter({ hasText: data.householdNo }).waitFor()
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=household-table] .el-table__body tr').length === 1)
    const url = decodeURIComponent(page.url())
    expect(!url.includes(data.idNumber) && !/[?&]q=/.test(url), `the ID number is in the URL: ${url}`)
    await rows.first().click()
    await page.waitForURL(/\/households\/\d+$/)
    await page.goBack()
    await page.waitForURL(/\/households$/)
    await rows.filter({ hasText: data.householdNo }).waitFor()
    const restored = await page.getByTestId('list-search').inputValue()
    expect(restored === data.idNumber, `after Back the search box holds "${restored}"`)
    expect((await rows.count()) === 1, `after Back the list shows ${await rows.count()} rows, not the search's one`)
  }, created)

  await t('editing one household field sends only that field', async () => {
    await page.goto(data.householdPath)
    await page.getByTestId('edit-household').click()
    const dialog = page.getByRole('dialog', { name: '编辑家庭信息' })
    await dialog.locator('[data-field="phone"] input').fill(data.phone)
    const bodies = await bodiesSent(page, 'PATCH', householdPatchPath, () => saveDialog(dialog, 'household-save'))
    const sent = JSON.stringify(bodies)
    expect(bodies.length === 1 && sent === JSON.stringify([{ phone: data.phone }]), `the dialog sent ${sent}`)
    await page.getByTestId('household-fields').getByText(data.phone).waitFor()

    await page.getByTestId('edit-household').click()
    const unchanged = await bodiesSent(page, 'PATCH', householdPatchPath, () => saveDialog(dialog, 'household-save'))
    expect(unchanged.length === 0, `saving without a change sent ${JSON.stringify(unchanged)}`)
  }, created)

  await t('editing one member field sends only that field', async () => {
    await page.goto(data.householdPath)
    await memberRow(page, data.name).getByTestId('edit-member').click()
    const dialog = page.getByRole('dialog', { name: '编辑成员' })
    await dialog.locator('[data-field="phone"] input').fill('13912345678')
    const bodies = await bodiesSent(page, 'PATCH', memberPatchPath, () => saveDialog(dialog, 'member-save'))
    const sent = JSON.stringify(bodies)
    expect(sent === JSON.stringify([{ phone: '13912345678' }]), `the dialog sent ${sent}`)
    await memberRow(page, '13912345678').waitFor()
  }, created)

  await t('making another member head names the former head\'s new relation', async () => {
    await page.goto(data.householdPath)
    await page.getByTestId('add-member').click()
    const addDialog = page.getByRole('dialog', { name: '添加成员' })
    await addDialog.getByTestId('member-name').fill(data.spouseName)
    await addDialog.getByTestId('member-id-number').fill(data.spouseIdNumber)
    await chooseOption(page, addDialog.getByTestId('member-relation'), '配偶')
    await saveDialog(addDialog, 'member-save')

    await memberRow(page, data.spouseName).getByTestId('edit-member').click()
    const dialog = page.getByRole('dialog', { name: '编辑成员' })
    await chooseOption(page, dialog.getByTestId('member-relation'), '户主')
    // Without the former head's relation the server refuses, and says so under the new select.
    await dialog.getByTestId('member-save').click()
    const fieldError = dialog.locator('[data-field="previous_head_relation"] .el-form-item__error')
    await fieldError.waitFor()
    await chooseOption(page, dialog.getByTestId('former-head-relation'), '配偶')
    await page.locator('.el-select-dropdown:visible').first().waitFor({ state: 'hidden' })
    await page.screenshot({ path: join(outDir, 'e2e-head-change.png'), timeout: STEP_TIMEOUT_MS })
    const bodies = await bodiesSent(page, 'PATCH', memberPatchPath, () => saveDialog(dialog, 'member-save'))
    const sent = JSON.stringify(bodies)
    expect(sent === JSON.stringify([{ relation: 'head', previous_head_relation: 'spouse' }]), `the dialog sent ${sent}`)
    await memberRow(page, data.spouseName).locator('.el-tag').filter({ hasText: '户主' }).waitFor()
    await memberRow(page, data.name).filter({ hasText: '配偶' }).waitFor()
    expect((await memberRow(page, data.name).locator('.el-tag').count()) === 0, 'the former head is still marked 户主')
  }, created)

  await t('a household that is not there shows a clean not-found state', async () => {
    await page.goto('/households/999999999')
    await page.getByTestId('household-load-failed').filter({ hasText: '未找到该家庭' }).waitFor()
    expect((await page.getByTestId('household-heading').count()) === 0, 'a household heading is shown')
    await page.screenshot({ path: join(outDir, 'e2e-not-found.png'), timeout: STEP_TIMEOUT_MS })
    await page.getByTestId('back-to-list').click()
    await page.waitForURL(/\/households$/)
  }, loggedIn)

  await t('the new household form dates "today" in Asia/Shanghai', async () => {
    await page.goto('/households/new')
    const shown = await page.locator('[data-field="registered_on"] input').inputValue()
    const browserToday = await page.evaluate(() => new Date().toLocaleDateString('en-CA'))
    const expected = dateIn(SERVER_TIME_ZONE)
    expect(shown === expected, `the form shows ${shown}, Shanghai's date is ${expected} (the browser's ${browserToday})`)
  }, loggedIn)

  await t('an import file over 64 MiB is refused before the upload', async () => {
    const big = join(tmp, 'too-big.csv')
    writeFileSync(big, '')
    truncateSync(big, IMPORT_LIMIT_BYTES + 1) // sparse: takes no disk space
    await page.goto('/import')
    const uploads = await bodiesSent(page, 'POST', /^\/api\/v1\/imports\//, async () => {
      await page.locator('input[type=file]').setInputFiles(big)
      await page.getByText('文件超过 64 MiB 上限').waitFor()
    })
    expect(uploads.length === 0, 'the file was uploaded')
    expect(await page.getByTestId('import-dry-run').isDisabled(), 'the dry run button is enabled')
  }, loggedIn)

  await t('a 413 answer to an import says the file is over the limit', async () => {
    const csv = join(tmp, 'small.csv')
    writeFileSync(csv, '户编号,乡镇(街道)代码,类别,姓名,身份证号,与户主关系\n')
    const pattern = '**/api/v1/imports/households*'
    // The server answers 413 only to a real oversize body; the answer is stood in for here.
    await page.route(pattern, (route) => route.fulfill({ status: 413, contentType: 'application/json', body: JSON.stringify({ error: { code: 'too_large', message: 'too large' } }) }))
    try {
      await page.goto('/import')
      await page.locator('input[type=file]').setInputFiles(csv)
      await page.getByTestId('import-dry-run').click()
      await page.getByText('文件超过 64 MiB 上限').waitFor()
    } finally {
      await page.unroute(pattern)
    }
  }, loggedIn)

  await t('import dry run of a bad file lists the bad cell', async () => {
    const csv = join(tmp, 'bad-import.csv')
    writeFileSync(csv, `户编号,乡镇(街道)代码,类别,姓名,身份证号,与户主关系\nE2E-IMPORT,371002001,低保对象,赵𡐤,${data.badIdNumber},户主\n`)
    await page.goto('/import')
    await page.locator('input[type=file]').setInputFiles(csv)
    await page.getByTestId('import-dry-run').click()
    const errorRow = page.getByTestId('import-errors').locator('.el-table__body tr').first()
    await errorRow.waitFor()
    const text = await errorRow.textContent()
    expect(text.startsWith('2') && text.includes('身份证号'), `the first error row reads "${text}", not line 2, column 身份证号`)
  }, loggedIn)

  await t('household list fits 1366×768 and marks demo data', async () => {
    await page.goto('/households')
    await waitForTableLoaded(page, 'household-table')
    await page.getByTestId('synthetic-banner').waitFor()
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
    expect(overflow <= 0, `the page scrolls sideways by ${overflow} px`)
    await page.screenshot({ path: join(outDir, 'e2e-household-list.png'), timeout: STEP_TIMEOUT_MS })
  }, loggedIn)

  await t('English switch is applied and remembered', async () => {
    await page.getByTestId('language-switch').getByText('English').click()
    await page.getByRole('menuitem', { name: 'Households' }).waitFor()
    await page.reload()
    await page.getByRole('menuitem', { name: 'Households' }).waitFor()
  }, loggedIn)

  await t('in English the category history reads Registered for the first entry', async () => {
    await page.goto(data.householdPath)
    const history = page.getByTestId('category-history')
    await history.getByText('Registered').waitFor()
    const text = await history.textContent()
    expect(!text.includes('首次登记') && !text.includes('：'), `the English history reads "${text}"`)
  }, [...created, 'English switch is applied and remembered'])

  await t('back to Chinese', async () => {
    await page.getByTestId('language-switch').getByText('中文').click()
    await page.getByRole('menuitem', { name: '困难家庭' }).waitFor()
  }, loggedIn)

  await harness.test('no script errors or CSP violations', async () => {
    expect(consoleProblems.length === 0, consoleProblems.slice(0, 3).join(' | '))
  })
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const outDir = parseOutDir(process.argv.slice(2))
  mkdirSync(outDir, { recursive: true })
  const harness = makeHarness(outDir)
  const tmp = mkdtempSync(join(tmpdir(), 'waystation-e2e-'))
  let server = null
  let context = null
  // The last resort if the runner dies: never leave a server behind.
  process.on('exit', () => server?.exitCode === null && server.kill('SIGKILL'))
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(1))

  console.log('e2e: browser tests in headless chromium')
  try {
    const data = makeTestData()
    let started
    try {
      started = await startServer(tmp, outDir, data.password)
      server = started.server
    } catch (error) {
      harness.record('start the server with demo data', error)
      return
    }
    let chromium
    try {
      ;({ chromium } = await import('playwright-core'))
      context = await chromium.launchPersistentContext(join(tmp, 'chromium-profile'), {
        executablePath: CHROMIUM,
        headless: true,
        args: CHROMIUM_ARGS,
        viewport: VIEWPORT,
        locale: 'zh-CN',
        timezoneId: browserTimeZone(),
        baseURL: started.baseUrl,
        timeout: 30000,
      })
    } catch (error) {
      harness.record('launch chromium', error)
      return
    }
    const page = context.pages()[0] || (await context.newPage())
    page.setDefaultTimeout(STEP_TIMEOUT_MS)
    page.setDefaultNavigationTimeout(STEP_TIMEOUT_MS)
    const consoleProblems = []
    page.on('pageerror', (error) => consoleProblems.push(`script error: ${error.message}`))
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) consoleProblems.push(`CSP: ${message.text()}`)
    })
    await runScenarios(harness, page, outDir, tmp, data, consoleProblems)
  } finally {
    if (context) await withTimeout(context.close(), STOP_TIMEOUT_MS, 'closing chromium').catch(() => {})
    await stopServer(server)
    rmSync(tmp, { recursive: true, force: true })
    const passed = harness.results.filter((r) => r.ok).length
    const failed = harness.results.length - passed
    console.log(`e2e: ${passed} passed, ${failed} failed`)
    appendFileSync(join(outDir, 'summary'), `e2e: ${passed} passed, ${failed} failed\n`)
    process.exitCode = failed > 0 ? 1 : 0
  }
}

await main()
