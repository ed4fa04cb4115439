// Referrals (转介, docs/api.md "Referrals"): the states and how they are shown, which deadline a state
// waits on, and the household's consent methods. The server decides what moves: the UI offers only
// the actions a referral's `allowed` lists.
import { api } from './api.js'

export const REFERRAL_STATES = ['draft', 'sent', 'accepted', 'declined', 'in_service', 'delivered', 'confirmed', 'closed', 'withdrawn', 'expired']
// Open: at most one per need and provider; a need with one is being looked after.
export const OPEN_STATES = ['draft', 'sent', 'accepted', 'in_service', 'delivered']
// Ended without help: the station may send the need to another provider.
export const RESEND_STATES = ['declined', 'expired', 'withdrawn']
export const ESCALATIONS = ['town', 'county', 'city']
export const CONSENT_METHODS = ['signed', 'verbal', 'phone']
// The order of the action buttons: the step forward first, the way out last.
export const ACTIONS = ['send', 'accept', 'start', 'deliver', 'confirm', 'close', 'decline', 'withdraw']

// Colours of the state tags: waiting blue, working amber, done green, ended grey, refused red.
export const STATE_TAG = {
  draft: 'info',
  sent: 'primary',
  accepted: 'primary',
  in_service: 'warning',
  delivered: 'success',
  confirmed: 'success',
  closed: 'info',
  declined: 'danger',
  withdrawn: 'info',
  expired: 'danger',
}

export const ESCALATION_TAG = { town: 'warning', county: 'danger', city: 'danger' }

// The deadline a referral in this state waits on: the answer while sent, the delivery once accepted.
export function pendingDeadline(referral) {
  if (referral?.state === 'sent') return { kind: 'respond', date: referral.respond_by }
  if (referral?.state === 'accepted' || referral?.state === 'in_service') return { kind: 'complete', date: referral.complete_by }
  return null
}

// Takes action on a referral (POST /referrals/{id}/{action}); resolves to the referral in full.
export function act(id, action, body) {
  return api.post(`/api/v1/referrals/${encodeURIComponent(id)}/${action}`, body || {})
}
