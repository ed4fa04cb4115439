// Active discovery (主动发现, docs/api.md "Monitoring feeds", "Alerts, tasks and visits", "Discovery
// dashboard"): who sees alerts and the work list, the terms as codes in the order a page shows them, and
// their tag colours. Labels live in messages.js under the same group names.
import { session } from './session.js'

// Station workers, county officers and the city act on alerts; provider staff see none of them.
const DISCOVERY_ROLES = ['city_admin', 'county_officer', 'station_worker']
export const canDiscover = () => DISCOVERY_ROLES.includes(session.user?.role)

export const SEVERITIES = ['high', 'medium', 'low']
// 高 red, 中 amber, 低 grey: the same colours in tags and charts.
export const SEVERITY_TAG = { high: 'danger', medium: 'warning', low: 'info' }
export const SEVERITY_COLORS = { high: '#d93026', medium: '#e8a400', low: '#8c939d' }
export const ALERT_STATES = ['open', 'closed']
export const OUTCOMES = ['reassessed', 'referred', 'policy_applied', 'no_need', 'moved_away']
export const NEXT_STEPS = ['reassess', 'refer', 'apply_policy', 'none', 'moved_away']
export const FEED_KINDS = [
  'medical_cost',
  'hospital_admission',
  'disability_certificate',
  'death',
  'job_loss',
  'income_drop',
  'utility_arrears',
  'school_dropout',
  'disaster_damage',
]
