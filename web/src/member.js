// A member as edited in a form, and the API body made from it.
import { isIdMissing } from './codes.js'

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

// The member fields a form shows, as the server names them in field errors.
export const MEMBER_FIELDS = ['name', 'id_number', 'relation', 'sex', 'birth_date', 'phone', 'disability_grade', 'serious_illness']
