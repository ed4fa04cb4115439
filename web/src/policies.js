// The policy catalog and screening (docs/api.md "Policies and parameters", "Household facts",
// "Eligibility and unclaimed entitlements"): who may do what, the catalog's terms, departments and the
// fact vocabulary as the server holds them (fetched once per page load), amounts, and a JsonLogic rule
// written out readably with the facts' names.
import { api } from './api.js'
import { locale, pickLang, t } from './i18n.js'
import { session } from './session.js'

// Only the city administrator changes policies and their rules.
export const canEditRules = () => session.user?.role === 'city_admin'
// The roles that may screen households, check rules and list unclaimed entitlements.
const SCREENING_ROLES = ['city_admin', 'county_officer', 'station_worker', 'auditor']
export const canScreen = () => SCREENING_ROLES.includes(session.user?.role)

// The three results of a screening, in the order a page shows them, with their tag colours.
export const RESULTS = ['eligible', 'unknown', 'not_eligible']
export const RESULT_TAG = { eligible: 'success', unknown: 'warning', not_eligible: 'info' }

// One GET per page load; a failure is not kept, so the next caller asks again.
function once(path, pick) {
  let pending = null
  return () => {
    if (!pending) {
      pending = api.get(path).then(pick)
      pending.catch(() => {
        pending = null
      })
    }
    return pending
  }
}

// {types, target_groups, benefit_kinds, units}, each a list of {code, zh, en}.
export const loadTerms = once('/api/v1/policies/terms', (answer) => answer)
// [{code, name_zh, kind, policies}]
export const loadDepartments = once('/api/v1/departments', (answer) => answer.items || [])
// The fact vocabulary: [{path, scope, type, declared, label_zh, label_en, unit_zh, unit_en, values, min, max}].
export const loadFacts = once('/api/v1/facts', (answer) => answer.items || [])

// The label of a term's code in the current language ('' list or unknown code: the code itself).
export function termLabel(list, code) {
  const term = (list || []).find((entry) => entry.code === code)
  return term ? pickLang(term) : String(code ?? '')
}

// A policy's or a fact's name in the current language: name_en / label_en in English when there is one.
export const policyName = (policy) => (locale.value === 'en' && policy?.name_en) || policy?.name_zh || policy?.code || ''
export const factLabel = (fact) => (locale.value === 'en' && fact?.label_en) || fact?.label_zh || fact?.fact || fact?.path || ''

// Fen as yuan with two decimals: 106500 → "1,065.00".
export function yuan(fen) {
  if (fen === null || fen === undefined || fen === '') return ''
  return (Number(fen) / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })
}

// The vocabulary path a fact's name or var path stands for: "members[12].in_school" and
// "members.0.in_school" → "members.in_school"; "assessment.I07" → "assessment.I*".
export function vocabularyPath(name) {
  const path = String(name || '')
    .replace(/\[\d+\]/g, '')
    .replace(/\.\d+(?=\.|$)/g, '')
  return /^assessment\.I\d+$/.test(path) ? 'assessment.I*' : path
}

// ---------------------------------------------------------------------------------------------
// A rule written out: lines of {depth, text}, one per condition, nested under "all of" / "any of".

const WORDS = {
  zh: {
    and: '同时满足以下全部条件', or: '满足以下任一条件', not: '不满足', some: '至少一名成员满足', all: '所有成员都满足', none: '没有成员满足',
    in: '属于', contains: '包含', true: '是', false: '否', max: '成员中最大的', min: '成员中最小的',
    choice: (test, yes, no) => `（${test}为是时取${yes}，否则取${no}）`,
  },
  en: {
    and: 'All of', or: 'Any of', not: 'Not', some: 'At least one member with', all: 'Every member with', none: 'No member with',
    in: 'is one of', contains: 'contains', true: 'yes', false: 'no', max: 'the largest ', min: 'the smallest ',
    choice: (test, yes, no) => `(${yes} if ${test}, else ${no})`,
  },
}
const COMPARISONS = { '==': '=', '===': '=', '!=': '≠', '!==': '≠', '<': '<', '<=': '≤', '>': '>', '>=': '≥' }
const ARITHMETIC = { '+': '+', '-': '−', '*': '×', '/': '÷', '%': 'mod', min: 'min', max: 'max' }
const GROUPS = { and: 'and', or: 'or' }
const QUANTIFIERS = { some: 'some', all: 'all', none: 'none' }

const operatorOf = (node) => (node && typeof node === 'object' && !Array.isArray(node) && Object.keys(node).length === 1 ? Object.keys(node)[0] : null)
const argsOf = (node, op) => (Array.isArray(node[op]) ? node[op] : [node[op]])

/**
 * ruleLines(rule, facts) → [{depth, text}]. facts is the vocabulary (loadFacts); a var it names is
 * shown by its label (「家庭人均月收入」), a code compared with an enumerated fact by the code's label.
 * What has no plain wording (if, reduce...) is shown as its JSON.
 */
export function ruleLines(rule, facts) {
  const words = WORDS[locale.value] || WORDS.zh
  const byPath = Object.fromEntries((facts || []).map((fact) => [fact.path, fact]))
  const lines = []

  // scope: the array a some/all/none looks into ("members"), for a var relative to its element.
  const factOf = (path, scope) => byPath[vocabularyPath(scope ? `${scope}.${path}` : path)] || byPath[vocabularyPath(path)] || null
  const varPath = (node) => {
    const arg = Array.isArray(node.var) ? node.var[0] : node.var
    return arg === null || arg === undefined ? '' : String(arg)
  }

  function literal(value, fact) {
    if (Array.isArray(value)) return value.map((entry) => literal(entry, fact)).join('、')
    if (typeof value === 'boolean') return words[value]
    const code = fact?.values?.find((entry) => entry.code === value)
    if (code) return pickLang(code)
    return typeof value === 'string' ? `"${value}"` : String(value)
  }

  function expression(node, scope, fact) {
    const op = operatorOf(node)
    if (op === 'var') {
      const path = varPath(node)
      const found = factOf(path, scope)
      const indicator = /I\d+$/.exec(path)
      const label = found ? factLabel(found) + (found.path === 'assessment.I*' && indicator ? ` ${indicator[0]}` : '') : path
      return `「${label}」`
    }
    if (op === 'if' && argsOf(node, op).length === 3) {
      const [test, yes, no] = argsOf(node, op).map((arg) => expression(arg, scope))
      return words.choice(test, yes, no)
    }
    // The members' largest (or smallest) value of a fact: reduce over members with max (min) of current.<fact>.
    if (op === 'reduce') {
      const [list, step] = argsOf(node, op)
      const pick = operatorOf(step)
      const current = (pick === 'max' || pick === 'min') && argsOf(step, pick).find((arg) => operatorOf(arg) === 'var' && varPath(arg).startsWith('current.'))
      if (current && operatorOf(list) === 'var') return `${words[pick]}${expression({ var: varPath(current).slice('current.'.length) }, varPath(list))}`
    }
    if (op in ARITHMETIC) {
      const args = argsOf(node, op).map((arg) => expression(arg, scope))
      return op === 'min' || op === 'max' ? `${op}(${args.join(', ')})` : `(${args.join(` ${ARITHMETIC[op]} `)})`
    }
    if (op) return JSON.stringify(node)
    return literal(node, fact)
  }

  // The fact a comparison's var names, so that the other side's code is shown by its label.
  const factIn = (args, scope) => {
    const withVar = args.find((arg) => operatorOf(arg) === 'var')
    return withVar ? factOf(varPath(withVar), scope) : null
  }

  function condition(node, depth, scope) {
    const op = operatorOf(node)
    if (op in GROUPS) {
      lines.push({ depth, text: `${words[GROUPS[op]]}：` })
      for (const arg of argsOf(node, op)) condition(arg, depth + 1, scope)
    } else if (op === '!' || op === '!!') {
      if (op === '!') lines.push({ depth, text: `${words.not}：` })
      condition(argsOf(node, op)[0], op === '!' ? depth + 1 : depth, scope)
    } else if (op in QUANTIFIERS) {
      const [list, test] = argsOf(node, op)
      const inner = operatorOf(list) === 'var' ? varPath(list) : scope
      lines.push({ depth, text: `${words[QUANTIFIERS[op]]}：` })
      condition(test, depth + 1, inner)
    } else if (op in COMPARISONS) {
      const args = argsOf(node, op)
      const fact = factIn(args, scope)
      const sign = COMPARISONS[op]
      // Three arguments of < or <= are "between": a < b < c.
      lines.push({ depth, text: args.map((arg) => expression(arg, scope, fact)).join(` ${sign} `) })
    } else if (op === 'in') {
      const [needle, haystack] = argsOf(node, op)
      const fact = factIn([needle, haystack], scope)
      const [a, b] = [expression(needle, scope, fact), expression(haystack, scope, fact)]
      lines.push({ depth, text: Array.isArray(haystack) ? `${a} ${words.in} ${b}` : `${b} ${words.contains} ${a}` })
    } else {
      lines.push({ depth, text: expression(node, scope) })
    }
  }

  condition(rule, 0, '')
  return lines
}

// The city parameters a rule names (params.<name>), in the order they first appear.
export function ruleParameters(rule) {
  const names = new Set()
  JSON.stringify(rule ?? null).replace(/"params\.([a-z0-9_]+)"/g, (whole, name) => names.add(name))
  return [...names]
}

// A value of a city parameter as people read it: money in yuan, the rest with its unit.
export function parameterValue(entry) {
  if (!entry) return t('param.noValue')
  if (entry.unit === 'fen') return t('elig.amount', { yuan: yuan(entry.value) })
  return `${entry.fact_value ?? entry.value}${t(`param.unit.${entry.unit}`)}`
}

// The rows of a policy's parameters (those its rule names, then its benefit_parameter) with their values
// in `inForce` (the answer of GET /parameters): [{name, label, shown, effective_from, note}].
export function parameterRows(policy, inForce) {
  const names = ruleParameters(policy.rule)
  if (policy.benefit_parameter && !names.includes(policy.benefit_parameter)) names.push(policy.benefit_parameter)
  const byName = Object.fromEntries((inForce?.items || []).map((entry) => [entry.name, entry]))
  return names.map((name) => {
    const entry = byName[name]
    return { name, label: (entry && ((locale.value === 'en' && entry.label_en) || entry.label_zh)) || name, shown: parameterValue(entry), effective_from: entry?.effective_from, note: entry?.note }
  })
}

// A missing fact as people ask for it: its label, and for a member's fact the member's name
// (members: the household's, as GET /households/{id} gives them).
export function missingLabel(fact, members) {
  const member = fact.member_id != null && (members || []).find((entry) => entry.id === fact.member_id)
  return member ? `${factLabel(fact)}（${member.name}）` : factLabel(fact)
}
