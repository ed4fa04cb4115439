// The UI language: Chinese first, English on request. The choice is kept in localStorage and sent to
// the server as Accept-Language so its messages match.
import { ref } from 'vue'
import messages from './messages.js'

const STORAGE_KEY = 'waystation.lang'

export const locale = ref(localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh')
document.documentElement.lang = locale.value === 'en' ? 'en' : 'zh-CN'

export function setLocale(lang) {
  locale.value = lang === 'en' ? 'en' : 'zh'
  localStorage.setItem(STORAGE_KEY, locale.value)
  document.documentElement.lang = locale.value === 'en' ? 'en' : 'zh-CN'
}

// t('household.membersCount', { n: 3 }) → the text in the current language with {n} filled in; reading
// locale.value here makes every template that calls t() re-render on a switch.
export function t(key, params) {
  const text = messages[locale.value][key] ?? messages.zh[key] ?? key
  if (!params) return text
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole))
}

// Picks the current language from an object carrying both, such as a field error {zh, en, message}.
export function pickLang(bilingual) {
  return bilingual?.[locale.value] || bilingual?.message || bilingual?.zh || ''
}

// The label of an API code ('category', 'tekun') → 特困人员; an unknown code is shown as it is.
export function codeLabel(group, code) {
  const key = `${group}.${code}`
  const text = t(key)
  return text === key ? String(code ?? '') : text
}
