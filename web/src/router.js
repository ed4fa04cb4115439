// Pages. History mode: the server answers unknown non-/api paths with index.html.
import { createRouter, createWebHistory } from 'vue-router'
import { session, loadSession, canWrite } from './session.js'
import { canManageProviders } from './directory.js'
import { canEditRules } from './policies.js'
import { canDiscover } from './discovery.js'
import AppLayout from './components/AppLayout.vue'
import LoginView from './views/LoginView.vue'
import HouseholdListView from './views/HouseholdListView.vue'
import HouseholdDetailView from './views/HouseholdDetailView.vue'
import HouseholdCreateView from './views/HouseholdCreateView.vue'
import ImportView from './views/ImportView.vue'
import AssessmentView from './views/AssessmentView.vue'
import RankingView from './views/RankingView.vue'

// The pages with charts load ECharts (its own chunk) when first opened.
const HouseholdIndexView = () => import('./views/HouseholdIndexView.vue')
const DashboardView = () => import('./views/DashboardView.vue')
// Referrals and the resource directory, each page its own chunk.
const ReferralListView = () => import('./views/ReferralListView.vue')
const ReferralDetailView = () => import('./views/ReferralDetailView.vue')
const ProviderInboxView = () => import('./views/ProviderInboxView.vue')
const ProviderDirectoryView = () => import('./views/ProviderDirectoryView.vue')
const ProviderEditView = () => import('./views/ProviderEditView.vue')
// The policy catalog, entitlements and unclaimed lists, and the rule editor.
const EntitlementsView = () => import('./views/EntitlementsView.vue')
const PolicyCatalogView = () => import('./views/PolicyCatalogView.vue')
const PolicyDetailView = () => import('./views/PolicyDetailView.vue')
const UnclaimedView = () => import('./views/UnclaimedView.vue')
const RuleEditorView = () => import('./views/RuleEditorView.vue')
// Active discovery: the work list, an alert with its visits, and the leads not yet registered.
const WorkListView = () => import('./views/WorkListView.vue')
const AlertDetailView = () => import('./views/AlertDetailView.vue')
const LeadsView = () => import('./views/LeadsView.vue')

// Where a user starts: provider staff in their inbox (they see no registry), everyone else in the registry.
const home = () => ({ name: session.user?.role === 'provider_staff' ? 'inbox' : 'households' })

const routes = [
  { path: '/login', name: 'login', component: LoginView, meta: { public: true } },
  {
    path: '/',
    component: AppLayout,
    children: [
      { path: '', redirect: home },
      { path: 'households', name: 'households', component: HouseholdListView },
      { path: 'households/new', name: 'household-new', component: HouseholdCreateView, meta: { write: true } },
      { path: 'households/:id', name: 'household', component: HouseholdDetailView, props: true },
      { path: 'households/:id/index', name: 'household-index', component: HouseholdIndexView, props: true },
      { path: 'households/:id/entitlements', name: 'household-entitlements', component: EntitlementsView, props: true },
      { path: 'assessments/:id', name: 'assessment', component: AssessmentView, props: true },
      { path: 'rankings', name: 'rankings', component: RankingView },
      { path: 'dashboard', name: 'dashboard', component: DashboardView },
      { path: 'import', name: 'import', component: ImportView, meta: { write: true } },
      { path: 'import/feeds', name: 'import-feeds', component: ImportView, props: { kind: 'feeds' }, meta: { write: true } },
      { path: 'referrals', name: 'referrals', component: ReferralListView },
      { path: 'referrals/:id', name: 'referral', component: ReferralDetailView, props: true, meta: { shared: true } },
      { path: 'inbox', name: 'inbox', component: ProviderInboxView, meta: { provider: true } },
      { path: 'providers', name: 'providers', component: ProviderDirectoryView },
      { path: 'providers/new', name: 'provider-new', component: ProviderEditView, meta: { manage: true } },
      { path: 'providers/:id', name: 'provider', component: ProviderEditView, props: true, meta: { shared: true } },
      { path: 'policies', name: 'policies', component: PolicyCatalogView },
      { path: 'policies/:id', name: 'policy', component: PolicyDetailView, props: true },
      { path: 'policies/:id/unclaimed', name: 'policy-unclaimed', component: UnclaimedView, props: true },
      { path: 'policies/:id/rule', name: 'policy-rule', component: RuleEditorView, props: true, meta: { rules: true } },
      { path: 'worklist', name: 'worklist', component: WorkListView, meta: { discovery: true } },
      { path: 'alerts/:id', name: 'alert', component: AlertDetailView, props: true, meta: { discovery: true } },
      { path: 'leads', name: 'leads', component: LeadsView, meta: { discovery: true } },
    ],
  },
  { path: '/:unknown(.*)*', redirect: home },
]

const router = createRouter({ history: createWebHistory(), routes })

router.beforeEach(async (to) => {
  // A network failure here leaves the user logged out; the login page then shows the error.
  if (!session.checked) await loadSession().catch(() => {})
  if (to.meta.public) return session.user && to.name === 'login' ? home() : true
  if (!session.user) return { name: 'login', query: { redirect: to.fullPath } }
  if (to.meta.write && !canWrite()) return { name: 'households' }
  // Provider staff see no registry: the pages for both sides (shared) and their inbox (provider), only.
  const providerStaff = session.user.role === 'provider_staff'
  if (!to.meta.shared && providerStaff !== Boolean(to.meta.provider)) return home()
  if (to.meta.manage && !canManageProviders()) return { name: 'providers' }
  if (to.meta.rules && !canEditRules()) return { name: 'policy', params: to.params }
  if (to.meta.discovery && !canDiscover()) return home()
  return true
})

export default router
