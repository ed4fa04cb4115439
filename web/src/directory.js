// The resource directory (docs/api.md "Services and providers"): provider kinds and statuses, who may
// manage providers, and the service catalog as the server holds it now (administrators add items, so
// the list in catalog.js may lack some).
import { api } from './api.js'
import { session } from './session.js'

export const PROVIDER_KINDS = ['government', 'mass_org', 'social_org', 'charity', 'company', 'unit', 'volunteer_team', 'volunteer']
export const PROVIDER_STATUSES = ['active', 'paused', 'closed']
export const STATUS_TAG = { active: 'success', paused: 'warning', closed: 'info' }
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] // Monday = 1

// Roles that create and change providers (a county officer those of the county).
const MANAGER_ROLES = ['city_admin', 'county_officer']
export const canManageProviders = () => MANAGER_ROLES.includes(session.user?.role)
export const isProviderStaff = () => session.user?.role === 'provider_staff'

let catalog = null

// GET /api/v1/services, fetched once per page load: {categories: [{code, zh, en, items}], areas}.
// A failure is not kept, so the next caller tries again.
export function loadServiceCatalog() {
  if (!catalog) {
    catalog = api.get('/api/v1/services').catch((error) => {
      catalog = null
      throw error
    })
  }
  return catalog
}

