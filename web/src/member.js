// A member as edited in a form, and the API body made from it.
import { isIdMissing } from './codes.js'
import { changedFields } from './changes.js'

export function emptyMember(relation = '') {
  return { name: '', id_number: '', relation, sex: '', birth_date: '', phone: '', disability_grade: 0, serious_illness: false }
}

// The form model of a stored member; its ID number starts blank, meaning "unchanged".
export function memberModelOf(member) {
  return {
    name: member.name,
    id_number: '',
    relation: member.relation,
    sex: member.sex || '',
    birth_date: member.birth_date || '',
    phone: member.phone || '',
    disability_grade: member.disability_grade || 0,
    serious_illness: Boolean(member.serious_illness),
  }
}

// The request body. Sex and birth date come from the ID number when there is one, so they are sent
// only without it. With keepStoredId a blank ID number is left out (the stored one stays).
export function memberPayload(model, { keepStoredId = false, hasStoredId = false } = {}) {
  const id = model.id_number.trim()
  const body = {
    name: model.name.trim(),
    relation: model.relation,
    phone: model.phone.trim(),
    disability_grade: model.disability_grade,
    serious_illness: model.serious_illness,
  }
  if (!(keepStoredId && id === '')) body.id_number = id
  const hasId = keepStoredId && id === '' ? hasStoredId : !isIdMissing(id)
  if (!hasId) {
    body.sex = model.sex
    body.birth_date = model.birth_date
  }
  return body
}

// The PATCH body of an edited member: only what differs from `opened`, the form model the dialog
// started from. A blank ID number keeps the stored one and is not sent; a new one is, and then the
// server reads sex and birth date from it (or takes them from the form for a placeholder such as 无).
export function memberChanges(opened, model, hasStoredId) {
  const options = { keepStoredId: true, hasStoredId }
  return changedFields(memberPayload(opened, options), memberPayload(model, options))
}

// The member fields a form shows, as the server names them in field errors.
export const MEMBER_FIELDS = ['name', 'id_number', 'relation', 'sex', 'birth_date', 'phone', 'disability_grade', 'serious_illness']
