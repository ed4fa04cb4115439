// The default service catalog and difficulty areas (../shared/spec service_catalog.csv and
// difficulty_areas.csv, copied as the project's own default data). The API names a need's service and
// an indicator's area by code but has no endpoint listing the catalog, so the UI carries it.
import { locale } from './i18n.js'

export const AREAS = [
  { code: '01', zh: '基本生活', en: 'Basic living' },
  { code: '02', zh: '疾病治疗', en: 'Disease treatment' },
  { code: '03', zh: '残疾康复', en: 'Disability rehabilitation' },
  { code: '04', zh: '照护服务', en: 'Care services' },
  { code: '05', zh: '住房保障', en: 'Housing' },
  { code: '06', zh: '教育', en: 'Education' },
  { code: '07', zh: '就业', en: 'Employment' },
  { code: '08', zh: '心理慰藉', en: 'Psychological comfort' },
  { code: '09', zh: '监护与儿童关爱', en: 'Guardianship and child care' },
  { code: '10', zh: '老年关爱', en: 'Care for the elderly' },
  { code: '11', zh: '社会融入', en: 'Social integration' },
  { code: '12', zh: '急难临时', en: 'Emergencies' },
  { code: '13', zh: '法律援助与权益', en: 'Legal aid and rights' },
]

export const SERVICE_CATEGORIES = [
  { code: 'L', zh: '生活保障', en: 'Basic living support' },
  { code: 'C', zh: '卫生清洁', en: 'Cleaning and hygiene' },
  { code: 'H', zh: '健康照护', en: 'Health care' },
  { code: 'S', zh: '支持提升', en: 'Support and capacity building' },
  { code: 'R', zh: '资源链接', en: 'Resource linking' },
]

export const SERVICES = [
  { code: 'L1', category: 'L', zh: '助餐送餐', en: 'Meal assistance and delivery', areas: ['04', '10', '01'] },
  { code: 'L2', category: 'L', zh: '生活物资帮扶', en: 'Daily necessities and goods', areas: ['01', '12'] },
  { code: 'L3', category: 'L', zh: '代购代办', en: 'Errands and agency services', areas: ['04', '10'] },
  { code: 'L4', category: 'L', zh: '探访关爱', en: 'Regular visits and caring contact', areas: ['10', '09', '11'] },
  { code: 'C1', category: 'C', zh: '居家保洁', en: 'Home cleaning', areas: ['04'] },
  { code: 'C2', category: 'C', zh: '助浴', en: 'Bathing assistance', areas: ['04', '03'] },
  { code: 'C3', category: 'C', zh: '衣物清洗', en: 'Laundry', areas: ['04'] },
  { code: 'C4', category: 'C', zh: '居家环境改善与适老化改造', en: 'Home environment repair and ageing-friendly retrofit', areas: ['05', '03', '10'] },
  { code: 'H1', category: 'H', zh: '看护照料', en: 'Personal care and nursing', areas: ['04', '03'] },
  { code: 'H2', category: 'H', zh: '康复训练', en: 'Rehabilitation training', areas: ['03'] },
  { code: 'H3', category: 'H', zh: '陪诊助医', en: 'Escort to medical appointments', areas: ['02', '04'] },
  { code: 'H4', category: 'H', zh: '健康管理与义诊', en: 'Health checks and chronic-disease management', areas: ['02', '10'] },
  { code: 'H5', category: 'H', zh: '康复辅具与护理用品', en: 'Assistive devices and care supplies', areas: ['03', '02'] },
  { code: 'S1', category: 'S', zh: '心理疏导', en: 'Psychological counselling', areas: ['08'] },
  { code: 'S2', category: 'S', zh: '学业辅导与助学', en: 'Tutoring and study support', areas: ['06', '09'] },
  { code: 'S3', category: 'S', zh: '就业技能培训与岗位推荐', en: 'Job skills training and placement', areas: ['07'] },
  { code: 'S4', category: 'S', zh: '社会融入活动', en: 'Social integration activities', areas: ['11'] },
  { code: 'R1', category: 'R', zh: '政策咨询与代办', en: 'Policy advice and help with applications', areas: ['01', '02', '05', '06', '07'] },
  { code: 'R2', category: 'R', zh: '慈善资源对接', en: 'Matching charity resources', areas: ['12', '01'] },
  { code: 'R3', category: 'R', zh: '法律援助', en: 'Legal aid referral', areas: ['13'] },
]

const byCode = (list) => Object.fromEntries(list.map((entry) => [entry.code, entry]))
const AREA_BY_CODE = byCode(AREAS)
const SERVICE_BY_CODE = byCode(SERVICES)

export const serviceOf = (code) => SERVICE_BY_CODE[code] || null

// Names in the current language; an unknown code is shown as it is (a catalog configured later).
export function areaName(code, fallback) {
  const area = AREA_BY_CODE[code]
  return area ? area[locale.value] || area.zh : fallback || String(code ?? '')
}

export function serviceName(code, fallback) {
  const service = SERVICE_BY_CODE[code]
  return service ? service[locale.value] || service.zh : fallback || String(code ?? '')
}

export function serviceCategoryName(code) {
  const category = SERVICE_CATEGORIES.find((entry) => entry.code === code)
  return category ? category[locale.value] || category.zh : code
}
