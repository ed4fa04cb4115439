// The answer conditions of an indicator in the worker's language. A questionnaire version carries its
// deprived/severe conditions as one text each (docs/api.md, Questionnaires), written in English in the
// default version (../shared/spec/indicators.csv). Here are the Chinese words of the default version's
// texts, keyed by the English text itself: a later version whose text differs shows its own text.
import { locale } from './i18n.js'

const ZH = {
  'any member >=60 living alone or all members >=60': '有60岁及以上成员独居，或全部成员均在60岁及以上',
  'any member >=80 living alone': '有80岁及以上成员独居',
  'any minor without effective guardian': '有未成年人缺乏有效监护',
  'minor currently unsupervised': '未成年人目前无人监护',
  'single parent with child <6': '单亲且有6岁以下子女',
  'dependants/able workers >=2 or no able worker': '被抚养人数与劳动力人数之比≥2，或无劳动力',
  'no able-bodied worker': '家中无有劳动能力的成员',
  'within last 6 months': '近6个月内发生',
  'caregiver >=70 or disabled grade 1-2': '照护者70岁及以上，或为一、二级残疾',
  '< 50% of dibao line': '低于低保标准的50%',
  '>=30% of household income': '占家庭收入30%及以上',
  '>=60%': '60%及以上',
  'drop >=30%': '降幅30%及以上',
  'drop >=60%': '降幅60%及以上',
  '>2x annual income': '超过家庭年收入的2倍',
  none: '完全没有',
  'no income at all': '完全没有收入',
  '>=2 months': '拖欠2个月及以上',
  'disconnection/eviction notice': '已被停水停电停气，或收到腾退通知',
  'catastrophic illness (大病)': '患重特大疾病（大病）',
  '> local threshold': '超过当地标准',
  '> 2x threshold': '超过当地标准的2倍',
  'serious condition untreated': '重病未得到治疗',
  'medication stopped for cost': '因费用停药',
  'unstable/no follow-up': '病情不稳定或无随访',
  '>=90': '90岁及以上',
  'grade 1': '一级残疾',
  'child 0-6 unmet': '0–6岁儿童康复需求未满足',
  'mobility device missing': '缺少行动辅具',
  '>=2 severe': '2名及以上重度残疾人',
  'partial dependency': '部分失能',
  'total dependency': '完全失能',
  'dependent member with no caregiver': '失能成员无人照护',
  daily: '每日需要',
  'weekly+': '每周及以上需要',
  'regular medical escort': '需定期陪诊',
  'wandering/safety risk': '有走失或安全风险',
  'pressure sores/no care': '有压疮或无人护理',
  'homeless/unsafe shelter': '无家可归或栖身处不安全',
  'C grade': 'C级危房',
  'D grade': 'D级危房',
  '< half standard': '不足标准的一半',
  'any missing': '缺少任一项基本设施',
  '>=2 missing': '缺少2项及以上',
  'fall in last 12 months': '近12个月内跌倒过',
  '> 50%': '超过50%',
  'at risk of dropping out': '有辍学风险',
  '>12 months': '超过12个月',
  illiterate: '文盲',
  'no contact': '与外界没有联系',
  positive: '筛查阳性',
  'suicide risk': '有自杀风险',
  current: '正在发生',
  'last 30 days': '近30天内发生',
}

// "true" means the indicator's own wording is the condition, "n/a" (or empty) that there is no such
// level: both give '' (nothing more to show).
export function conditionText(text) {
  const raw = (text || '').trim()
  if (!raw || raw === 'true' || raw === 'n/a') return ''
  return locale.value === 'en' ? raw : ZH[raw] || raw
}
