// The API's stable codes (docs/api.md, Codes); their labels live in messages.js.
export const CATEGORIES = ['tekun', 'dibao', 'dibao_edge', 'rigid_expense', 'monitored', 'other']
export const RELATIONS = ['head', 'spouse', 'child', 'parent', 'grandchild', 'grandparent', 'sibling', 'child_in_law', 'other']
export const SEXES = ['M', 'F']
export const DISABILITY_GRADES = [0, 1, 2, 3, 4] // 0 none, 1 most severe .. 4

// What the server takes as "no ID number yet" (then sex and birth date are needed).
const ID_PLACEHOLDERS = ['', '无', '暂无', '-']
export function isIdMissing(idNumber) {
  return ID_PLACEHOLDERS.includes((idNumber || '').trim())
}

// The hardship index (docs/api.md, Index and rankings): tiers from the most to the least urgent.
export const TIERS = ['red', 'severe', 'poor', 'vulnerable', 'none']
export const URGENCIES = ['immediate', 'priority', 'routine']
// Colours of the urgency tags: 立即 red, 优先 amber, 常规 grey.
export const URGENCY_TAG = { immediate: 'danger', priority: 'warning', routine: 'info' }
export const VISIT_TYPES = ['station', 'home', 'phone']
// Colours of the tiers, the same in tags and charts: red, orange, amber, blue, grey.
export const TIER_COLORS = { red: '#d93026', severe: '#e8710a', poor: '#d9a400', vulnerable: '#1a73e8', none: '#8c939d' }
// Roles that may override a household's rank (docs/api.md, rank-override).
export const OVERRIDE_ROLES = ['city_admin', 'county_officer', 'station_worker']
