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
