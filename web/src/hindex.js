// Presenting the hardship index's figures (docs/api.md, Index and rankings; ../shared/spec/index.md).
import { t } from './i18n.js'

// U = 10000·immediate + 100·priority + routine, each count at most 99 (red flags count as immediate).
export function urgencyCounts(u) {
  const value = Number(u) || 0
  return { immediate: Math.floor(value / 10000), priority: Math.floor(value / 100) % 100, routine: value % 100 }
}

// A share {exact: "25/48", decimal: 0.5208} as "52.1%", with the exact fraction kept for a tooltip.
export function percent(share, digits = 1) {
  if (share == null) return ''
  const value = typeof share === 'object' ? share.decimal : share
  return value == null ? '' : `${(Number(value) * 100).toFixed(digits)}%`
}

// Level 0/1/2 (or null) → 否 / 是(困难) / 严重 / 未答.
export function levelLabel(level) {
  if (level === null || level === undefined) return t('level.unanswered')
  return t(`level.${level}`)
}
