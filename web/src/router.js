// Pages. History mode: the server answers unknown non-/api paths with index.html.
import { createRouter, createWebHistory } from 'vue-router'
import { session, loadSession, canWrite } from './session.js'
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

const routes = [
  { path: '/login', name: 'login', component: LoginView, meta: { public: true } },
  {
    path: '/',
    component: AppLayout,
    children: [
      { path: '', redirect: { name: 'households' } },
      { path: 'households', name: 'households', component: HouseholdListView },
      { path: 'households/new', name: 'household-new', component: HouseholdCreateView, meta: { write: true } },
      { path: 'households/:id', name: 'household', component: HouseholdDetailView, props: true },
      { path: 'households/:id/index', name: 'household-index', component: HouseholdIndexView, props: true },
      { path: 'assessments/:id', name: 'assessment', component: AssessmentView, props: true },
      { path: 'rankings', name: 'rankings', component: RankingView },
      { path: 'dashboard', name: 'dashboard', component: DashboardView },
      { path: 'import', name: 'import', component: ImportView, meta: { write: true } },
    ],
  },
  { path: '/:unknown(.*)*', redirect: { name: 'households' } },
]

const router = createRouter({ history: createWebHistory(), routes })

router.beforeEach(async (to) => {
  // A network failure here leaves the user logged out; the login page then shows the error.
  if (!session.checked) await loadSession().catch(() => {})
  if (to.meta.public) return session.user && to.name === 'login' ? { name: 'households' } : true
  if (!session.user) return { name: 'login', query: { redirect: to.fullPath } }
  if (to.meta.write && !canWrite()) return { name: 'households' }
  return true
})

export default router
