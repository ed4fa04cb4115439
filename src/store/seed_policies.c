/*
** seed_policies.c: the default policy catalog a new database starts with: the departments, the assistance
** policies with their eligibility rules, the exclusions between them and the city parameters.
**
** The policies are written from the public national and Shandong provincial rules named in each
** legal_basis. Where an amount or a threshold is set locally, the rule names a city parameter
** (params.<name>) instead of a number, and the parameters below carry example values marked as such, for
** the city to replace with its current standards. Rules are JsonLogic over the household facts
** (core/facts.h); inside some/all/none the var names the member looked at ("age" is that member's age),
** and a member-wide maximum is a reduce, since an iteration cannot see the household's own facts.
** docs/policies.md lists this catalog in words; keep the two in step.
*/
#include "seed.h"

/* ---- rule building blocks (JSON text, joined by the compiler) ---------------------------------------- */

#define V(path) "{\"var\":\"" path "\"}"
#define S(text) "\"" text "\""
#define OP2(op, a, b) "{\"" op "\":[" a "," b "]}"
#define EQ(a, b) OP2("==", a, b)
#define LT(a, b) OP2("<", a, b)
#define LE(a, b) OP2("<=", a, b)
#define GE(a, b) OP2(">=", a, b)
#define GT(a, b) OP2(">", a, b)
#define MUL(a, b) OP2("*", a, b)
#define IN(a, list) "{\"in\":[" a ",[" list "]]}"
/* and/or of 1 to 5 operands: the operands are joined with "," by counting them */
#define NARGS(...) NARGS_(__VA_ARGS__, 5, 4, 3, 2, 1, 0)
#define NARGS_(a, b, c, d, e, n, ...) n
#define GLUE_(a, b) a##b
#define GLUE(a, b) GLUE_(a, b)
#define JOIN1(a) a
#define JOIN2(a, b) a "," b
#define JOIN3(a, b, c) a "," b "," c
#define JOIN4(a, b, c, d) a "," b "," c "," d
#define JOIN5(a, b, c, d, e) a "," b "," c "," d "," e
#define JOIN(...) GLUE(JOIN, NARGS(__VA_ARGS__))(__VA_ARGS__)
#define AND(...) "{\"and\":[" JOIN(__VA_ARGS__) "]}"
#define OR(...) "{\"or\":[" JOIN(__VA_ARGS__) "]}"
#define SOME(cond) "{\"some\":[" V("members") "," cond "]}"
/* the largest value of a member's fact (unknown when any member's is missing) */
#define MAX_OF(fact) "{\"reduce\":[" V("members") ",{\"max\":[" V("current." fact) "," V("accumulator") "]},0]}"

#define CATEGORY V("household.category")
#define INCOME V("household.income_per_capita")
#define ASSETS V("household.assets_per_capita")
#define MEDICAL V("household.medical_out_of_pocket_12m")
#define LOSS V("household.disaster_loss")
#define HOUSING V("household.housing")
#define URBAN V("household.urban")
/* the monthly dibao standard that applies to the household: urban (a street) or rural (a town) */
#define STANDARD "{\"if\":[" URBAN "," V("params.dibao_urban_monthly") "," V("params.dibao_rural_monthly") "]}"
#define ASSET_LIMIT MUL(STANDARD, V("params.dibao_assets_months"))
#define EDGE_LINE MUL(STANDARD, V("params.dibao_edge_multiple"))
#define RIGID_LINE MUL(STANDARD, V("params.rigid_expense_multiple"))

/* the recognised low-income categories (低收入人口) */
#define HARDSHIP S("tekun") "," S("dibao") "," S("dibao_edge") "," S("monitored")
#define LOW_INCOME HARDSHIP "," S("rigid_expense")
#define DISABLED GE(V("disability_grade"), "1")
#define SEVERE IN(V("disability_grade"), "1,2")
#define WORKING_AGE_UNEMPLOYED AND(GE(V("age"), "16"), LT(V("age"), "60"), EQ(V("employed"), "false"))
/* a student of the stages: from a low-income family, or an orphan or disabled student of any family */
#define STUDENT_AID(stages)                                                                          \
    OR(AND(IN(CATEGORY, HARDSHIP), SOME(IN(V("in_school"), stages))),                               \
       SOME(AND(IN(V("in_school"), stages), OR(EQ(V("orphan"), "true"), DISABLED))))

/* ---- departments (public names and the codes the city uses) ------------------------------------------ */

const store_seed_department store_seed_departments[] = {
    {"MZ", "市民政局", "government"},
    {"SHGZ", "市委社会工作部", "government"},
    {"ZGH", "市总工会", "mass_organisation"},
    {"TSW", "团市委", "mass_organisation"},
    {"FL", "市妇联", "mass_organisation"},
    {"CL", "市残联", "mass_organisation"},
    {"HSH", "市红十字会", "mass_organisation"},
    {"FGW", "市发展和改革委员会", "government"},
    {"JY", "市教育局", "government"},
    {"GA", "市公安局", "government"},
    {"SF", "市司法局", "government"},
    {"CZ", "市财政局", "government"},
    {"RS", "市人力资源和社会保障局", "government"},
    {"ZJ", "市住房和城乡建设局", "government"},
    {"SW", "市水务局", "government"},
    {"NY", "市农业农村局", "government"},
    {"WJ", "市卫生健康委员会", "government"},
    {"YJ", "市应急管理局", "government"},
    {"XZSP", "市行政审批服务局", "government"},
    {"SCJG", "市市场监督管理局", "government"},
    {"YB", "市医疗保障局", "government"},
    {"SWJ", "国家税务总局威海市税务局", "government"},
};
const size_t store_seed_departments_count = sizeof store_seed_departments / sizeof store_seed_departments[0];

/* ---- policies ------------------------------------------------------------------------------------------ */

#define APPLY_TOWN "向户籍所在地乡镇人民政府（街道办事处）或社会救助服务转介驿站提出申请，也可由驿站工作人员代为申请；"
#define DOCS_BASE "申请书；家庭成员身份证件和户口簿；家庭经济状况核对授权书"
#define BASIS_SA "《社会救助暂行办法》（国务院令第649号）；《山东省社会救助办法》"

const core_policy store_seed_catalog[] = {
    /* 民政 */
    {.code = "P-DIBAO", .name_zh = "城乡最低生活保障", .name_en = "Minimum living allowance (dibao)",
     .department = "MZ", .type = "dibao", .targets = {"dibao", "low_income"}, .benefit_kind = "amount",
     .benefit_text = "按家庭人均收入低于当地低保标准的差额按月发放低保金；城市家庭按城市低保标准，农村家庭按农村低保标准",
     .how_to_apply = APPLY_TOWN "经家庭经济状况核对、入户调查和公示后，由县级民政部门（或经授权的乡镇、街道）审核确认。",
     .documents = DOCS_BASE "；家庭收入和财产状况声明；残疾人证、病历等（如有）",
     .legal_basis = BASIS_SA "；《最低生活保障审核确认办法》（民发〔2021〕57号）",
     .rule = AND(LT(INCOME, STANDARD), LE(ASSETS, ASSET_LIMIT))},
    {.code = "P-TEKUN", .name_zh = "特困人员救助供养", .name_en = "Support for people in extreme poverty (tekun)",
     .department = "MZ", .type = "tekun", .targets = {"tekun", "elderly", "disabled", "children"},
     .benefit_kind = "amount", .benefit_parameter = "tekun_basic_monthly",
     .benefit_text = "按特困人员基本生活标准按月发放基本生活费，另按生活自理能力（全自理、半护理、全护理）发放照料护理费；可选择分散供养或到供养服务机构集中供养",
     .how_to_apply = APPLY_TOWN "经调查核实、公示后由县级民政部门审核确认；申请人还须无劳动能力、无法定赡养抚养扶养义务人或其义务人无履行能力，由驿站核实。",
     .documents = DOCS_BASE "；残疾人证或能力评估材料（如有）；义务人无履行能力的证明（如有）",
     .legal_basis = BASIS_SA "；《特困人员认定办法》（民发〔2021〕43号）",
     .rule = AND(EQ(V("household.size"), "1"), LT(INCOME, STANDARD),
                 SOME(OR(GE(V("age"), "60"), LT(V("age"), "18"), SEVERE,
                         AND(EQ(V("disability_grade"), "3"), IN(V("disability_kind"), S("intellectual") "," S("mental"))))))},
    {.code = "P-DIBAO-EDGE", .name_zh = "低保边缘家庭认定", .name_en = "Recognition as a dibao-edge household",
     .department = "MZ", .type = "dibao", .targets = {"dibao_edge", "low_income"}, .benefit_kind = "service",
     .benefit_text = "纳入低收入人口动态监测，按规定获得医疗、教育、住房、就业等专项救助和临时救助",
     .how_to_apply = APPLY_TOWN "经家庭经济状况核对后由县级民政部门认定，每年复核。",
     .documents = DOCS_BASE "；家庭收入和财产状况声明",
     .legal_basis = BASIS_SA "；民政部等《关于加强低收入人口动态监测做好分层分类社会救助工作的意见》（2023年）",
     .rule = AND(GE(INCOME, STANDARD), LT(INCOME, EDGE_LINE), LE(ASSETS, ASSET_LIMIT))},
    {.code = "P-RIGID", .name_zh = "刚性支出困难家庭认定", .name_en = "Recognition as a household with rigid expenses",
     .department = "MZ", .type = "dibao", .targets = {"rigid_expense", "seriously_ill", "students", "low_income"},
     .benefit_kind = "service",
     .benefit_text = "纳入低收入人口动态监测，按规定获得医疗救助、教育救助和临时救助等专项帮扶",
     .how_to_apply = APPLY_TOWN "提交医疗、教育等必需支出凭证，经核对后由县级民政部门认定。",
     .documents = DOCS_BASE "；医疗费用票据或学费收据",
     .legal_basis = BASIS_SA "；民政部等《关于加强低收入人口动态监测做好分层分类社会救助工作的意见》（2023年）",
     .rule = AND(LT(INCOME, RIGID_LINE),
                 OR(GE(MEDICAL, V("params.medical_out_of_pocket_threshold")),
                    SOME(IN(V("in_school"), S("senior") "," S("vocational") "," S("college")))))},
    {.code = "P-TEMP", .name_zh = "临时救助", .name_en = "Temporary assistance", .department = "MZ",
     .type = "temporary", .targets = {"low_income", "disaster_affected", "seriously_ill"}, .benefit_kind = "amount",
     .benefit_parameter = "temporary_assistance_max_multiple",
     .benefit_text = "一次性发放临时救助金或实物，急难情形可先行救助；额度一般不超过当地月低保标准的规定倍数（见城市参数）",
     .how_to_apply = APPLY_TOWN "急难情形可由驿站、乡镇（街道）直接先行救助后补办手续。",
     .documents = "申请书；身份证件；医疗票据、受灾证明等困难情况材料",
     .legal_basis = BASIS_SA "；《国务院关于全面建立临时救助制度的通知》（国发〔2014〕47号）",
     .rule = OR(GE(LOSS, V("params.disaster_loss_threshold")),
                AND(GE(MEDICAL, V("params.medical_out_of_pocket_threshold")), LT(INCOME, RIGID_LINE)))},
    {.code = "P-ELDERLY", .name_zh = "高龄津贴", .name_en = "Old-age allowance", .department = "MZ",
     .type = "subsidy", .targets = {"elderly"}, .benefit_kind = "amount", .benefit_parameter = "elderly_allowance_monthly",
     .benefit_text = "达到本市规定年龄的老年人按月领取高龄津贴（标准见城市参数）",
     .how_to_apply = "本人或家属向户籍所在地乡镇（街道）或驿站申请，已纳入系统的老年人到龄后由民政部门主动发放。",
     .documents = "身份证件；户口簿；本人社会保障卡或银行账户",
     .legal_basis = "《中华人民共和国老年人权益保障法》；《山东省老年人权益保障条例》；财政部 民政部 全国老龄办《关于建立健全经济困难的高龄、失能等老年人补贴制度的通知》（财社〔2014〕113号）",
     .rule = GE(MAX_OF("age"), V("params.elderly_allowance_age"))},
    {.code = "P-ELDER-CARE", .name_zh = "经济困难失能老年人护理补贴", .name_en = "Care subsidy for poor elderly people unable to care for themselves",
     .department = "MZ", .type = "subsidy", .targets = {"elderly", "dibao", "dibao_edge"}, .benefit_kind = "service",
     .benefit_text = "按失能程度发放护理补贴或提供居家、社区养老服务",
     .how_to_apply = APPLY_TOWN "经老年人能力评估后由县级民政部门审核。",
     .documents = DOCS_BASE "；老年人能力评估结果或残疾人证、诊断证明",
     .legal_basis = "财政部 民政部 全国老龄办《关于建立健全经济困难的高龄、失能等老年人补贴制度的通知》（财社〔2014〕113号）；《山东省老年人权益保障条例》",
     .rule = AND(IN(CATEGORY, S("dibao") "," S("dibao_edge")),
                 SOME(AND(GE(V("age"), "60"), OR(SEVERE, EQ(V("serious_illness"), "true")))))},
    {.code = "P-DIS-LIVING", .name_zh = "困难残疾人生活补贴", .name_en = "Living subsidy for poor disabled people",
     .department = "MZ", .type = "subsidy", .targets = {"disabled", "dibao", "dibao_edge"}, .benefit_kind = "amount",
     .benefit_parameter = "disability_living_subsidy_monthly",
     .benefit_text = "低保家庭和低保边缘家庭中的持证残疾人按月领取生活补贴（标准见城市参数）；纳入特困供养或享受孤儿基本生活保障的不重复享受",
     .how_to_apply = "持残疾人证向户籍所在地乡镇（街道）或驿站申请，民政部门会同残联审核，可通过“全国残疾人两项补贴信息系统”网上申请。",
     .documents = "申请书；身份证件；第二代残疾人证；低保或低保边缘家庭证明",
     .legal_basis = "《国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见》（国发〔2015〕52号）；民政部 财政部 中国残联《关于加强残疾人两项补贴精准管理的意见》（民发〔2021〕70号）",
     .rule = AND(IN(CATEGORY, S("dibao") "," S("dibao_edge")), SOME(DISABLED))},
    {.code = "P-DIS-CARE", .name_zh = "重度残疾人护理补贴", .name_en = "Care subsidy for severely disabled people",
     .department = "MZ", .type = "subsidy", .targets = {"disabled"}, .benefit_kind = "amount",
     .benefit_parameter = "disability_care_subsidy_monthly",
     .benefit_text = "残疾等级为一级、二级的持证残疾人按月领取护理补贴（标准见城市参数）",
     .how_to_apply = "持残疾人证向户籍所在地乡镇（街道）或驿站申请，民政部门会同残联审核，可网上申请。",
     .documents = "申请书；身份证件；第二代残疾人证",
     .legal_basis = "《国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见》（国发〔2015〕52号）；民政部 财政部 中国残联《关于加强残疾人两项补贴精准管理的意见》（民发〔2021〕70号）",
     .rule = SOME(SEVERE)},
    {.code = "P-ORPHAN", .name_zh = "孤儿和事实无人抚养儿童基本生活保障", .name_en = "Basic living allowance for orphans and children without de facto care",
     .department = "MZ", .type = "subsidy", .targets = {"orphans", "children"}, .benefit_kind = "amount",
     .benefit_parameter = "orphan_scattered_monthly",
     .benefit_text = "按月发放基本生活费：社会散居的按分散供养标准，机构集中养育的按集中供养标准（见城市参数）；并落实医疗、教育等保障",
     .how_to_apply = "监护人或受委托人向儿童户籍所在地乡镇（街道）申请，儿童督导员、儿童主任协助，县级民政部门认定。",
     .documents = "申请书；儿童身份证件和户口簿；父母死亡、失踪、重残、重病或服刑等证明材料",
     .legal_basis = "《国务院办公厅关于加强孤儿保障工作的意见》（国办发〔2010〕54号）；民政部等《关于进一步加强事实无人抚养儿童保障工作的意见》（民发〔2019〕62号）",
     .rule = SOME(AND(EQ(V("orphan"), "true"), LT(V("age"), "18")))},
    {.code = "P-CHILD-PLIGHT", .name_zh = "困境儿童分类保障", .name_en = "Protection for children in difficulty",
     .department = "MZ", .type = "subsidy", .targets = {"children", "disabled", "seriously_ill"}, .benefit_kind = "service",
     .benefit_text = "按困境类型落实基本生活、医疗、教育、康复和监护等分类保障，由儿童主任定期走访",
     .how_to_apply = "由村（居）儿童主任、驿站发现报告，或监护人向乡镇（街道）申请，县级民政部门分类认定。",
     .documents = "申请书；儿童身份证件和户口簿；残疾人证、诊断证明或家庭困难证明",
     .legal_basis = "《国务院关于加强困境儿童保障工作的意见》（国发〔2016〕36号）；《中华人民共和国未成年人保护法》",
     .rule = OR(SOME(AND(LT(V("age"), "18"), OR(DISABLED, EQ(V("serious_illness"), "true")))),
                AND(IN(CATEGORY, S("tekun") "," S("dibao") "," S("dibao_edge")), SOME(LT(V("age"), "18"))))},
    /* 医保 */
    {.code = "P-MED-INSURE", .name_zh = "资助参加城乡居民基本医疗保险", .name_en = "Paid enrolment in basic medical insurance",
     .department = "YB", .type = "medical", .targets = {"tekun", "dibao", "dibao_edge", "monitored"}, .benefit_kind = "rate",
     .benefit_text = "特困人员个人缴费部分全额资助，低保对象、返贫致贫人口等按省定比例定额资助",
     .how_to_apply = "无需申请：民政、农业农村部门认定的救助对象信息推送至医保部门，由医保部门在集中参保期内直接资助参保。",
     .documents = "无需另交材料（以部门认定信息为准）",
     .legal_basis = "《国务院办公厅关于健全重特大疾病医疗保险和救助制度的意见》（国办发〔2021〕42号）；《社会救助暂行办法》（国务院令第649号）第六章",
     .rule = IN(CATEGORY, HARDSHIP)},
    {.code = "P-MED-ASSIST", .name_zh = "门诊和住院医疗救助", .name_en = "Outpatient and inpatient medical assistance",
     .department = "YB", .type = "medical", .targets = {"tekun", "dibao", "dibao_edge", "monitored", "seriously_ill"},
     .benefit_kind = "rate",
     .benefit_text = "经基本医保、大病保险报销后的政策范围内个人自付费用，按对象类别的比例和年度限额给予救助，定点医疗机构“一站式”结算",
     .how_to_apply = "在定点医疗机构就医时直接“一站式”结算；未能直接结算的，持票据向医保经办机构申请。",
     .documents = "身份证件或医保电子凭证；医疗费用票据和结算单（未直接结算时）",
     .legal_basis = "《国务院办公厅关于健全重特大疾病医疗保险和救助制度的意见》（国办发〔2021〕42号）",
     .rule = AND(IN(CATEGORY, HARDSHIP), GT(MEDICAL, "0"))},
    {.code = "P-MED-CATASTROPHIC", .name_zh = "因病致贫重病患者医疗救助", .name_en = "Medical assistance for patients impoverished by illness",
     .department = "YB", .type = "medical", .targets = {"seriously_ill", "rigid_expense"}, .benefit_kind = "rate",
     .benefit_text = "对自付医疗费用超过本市标准、家庭经济困难的重病患者，按规定比例给予医疗救助",
     .how_to_apply = APPLY_TOWN "经家庭经济状况核对后，由医保部门按规定给予救助。",
     .documents = DOCS_BASE "；医疗费用票据、结算单和诊断证明",
     .legal_basis = "《国务院办公厅关于健全重特大疾病医疗保险和救助制度的意见》（国办发〔2021〕42号）",
     .rule = AND(SOME(EQ(V("serious_illness"), "true")), GE(MEDICAL, V("params.medical_out_of_pocket_threshold")),
                 LT(INCOME, RIGID_LINE))},
    /* 教育 */
    {.code = "P-EDU-PRESCHOOL", .name_zh = "学前教育幼儿资助", .name_en = "Aid for preschool children",
     .department = "JY", .type = "education", .targets = {"students", "children"}, .benefit_kind = "amount",
     .benefit_text = "家庭经济困难儿童、孤儿和残疾儿童接受普惠性学前教育的，减免保育教育费或给予资助",
     .how_to_apply = "开学后向就读幼儿园提出申请，幼儿园认定后报县级学生资助管理机构审核。",
     .documents = "申请表；救助对象证明、孤儿或残疾人证明",
     .legal_basis = "财政部 教育部等《学生资助资金管理办法》（财教〔2021〕310号）",
     .rule = STUDENT_AID(S("preschool"))},
    {.code = "P-EDU-COMPULSORY", .name_zh = "义务教育家庭经济困难学生生活补助", .name_en = "Living allowance for poor pupils in compulsory education",
     .department = "JY", .type = "education", .targets = {"students", "children"}, .benefit_kind = "amount",
     .benefit_text = "免除学杂费、免费提供教科书，并对家庭经济困难寄宿生和非寄宿生按国家和省定标准发放生活补助",
     .how_to_apply = "每学期向就读学校提出申请，学校认定后发放。",
     .documents = "申请表；救助对象证明、孤儿或残疾人证明",
     .legal_basis = "《中华人民共和国义务教育法》；财政部 教育部等《学生资助资金管理办法》（财教〔2021〕310号）",
     .rule = STUDENT_AID(S("primary") "," S("junior"))},
    {.code = "P-EDU-SENIOR", .name_zh = "普通高中国家助学金和免学杂费", .name_en = "National grant and fee waiver for senior high school students",
     .department = "JY", .type = "education", .targets = {"students"}, .benefit_kind = "amount",
     .benefit_text = "家庭经济困难学生享受国家助学金（按国家规定的平均标准分档），特困、低保、残疾等学生免除学杂费",
     .how_to_apply = "开学后向就读学校提出申请，学校评审公示后报学生资助管理机构审核。",
     .documents = "申请表；救助对象证明、孤儿或残疾人证明",
     .legal_basis = "财政部 教育部等《学生资助资金管理办法》（财教〔2021〕310号）",
     .rule = STUDENT_AID(S("senior"))},
    {.code = "P-EDU-VOCATIONAL", .name_zh = "中等职业教育国家助学金和免学费", .name_en = "National grant and fee waiver for vocational school students",
     .department = "JY", .type = "education", .targets = {"students"}, .benefit_kind = "amount",
     .benefit_text = "中职学生免除学费；家庭经济困难学生享受国家助学金",
     .how_to_apply = "开学后向就读学校提出申请，学校审核后报学生资助管理机构。",
     .documents = "申请表；救助对象证明、孤儿或残疾人证明",
     .legal_basis = "财政部 教育部等《学生资助资金管理办法》（财教〔2021〕310号）",
     .rule = STUDENT_AID(S("vocational"))},
    {.code = "P-EDU-COLLEGE", .name_zh = "高等教育国家助学金", .name_en = "National grant for college students",
     .department = "JY", .type = "education", .targets = {"students"}, .benefit_kind = "amount",
     .benefit_text = "家庭经济困难的全日制普通高校学生按国家规定的平均标准分档享受国家助学金，并可申请勤工助学和学费减免",
     .how_to_apply = "入学后向就读高校学生资助部门申请家庭经济困难认定和国家助学金；户籍地驿站可协助开具救助对象证明。",
     .documents = "家庭经济困难学生认定申请表；救助对象证明",
     .legal_basis = "财政部 教育部等《学生资助资金管理办法》（财教〔2021〕310号）",
     .rule = STUDENT_AID(S("college"))},
    {.code = "P-EDU-LOAN", .name_zh = "生源地信用助学贷款", .name_en = "Student loan from the home county",
     .department = "JY", .type = "education", .targets = {"students", "low_income"}, .benefit_kind = "amount",
     .benefit_text = "家庭经济困难的高校新生和在校生可申请国家助学贷款，在校期间利息由财政全额贴息",
     .how_to_apply = "向户籍所在县（市、区）学生资助管理中心申请，经国家开发银行审批后发放。",
     .documents = "身份证件；户口簿；录取通知书或学生证；家庭经济困难情况说明",
     .legal_basis = "财政部 教育部 中国人民银行 国家金融监督管理总局《关于调整完善国家助学贷款有关政策的通知》（2021年起历次调整）；《学生资助资金管理办法》（财教〔2021〕310号）",
     .rule = AND(SOME(EQ(V("in_school"), S("college"))), OR(IN(CATEGORY, LOW_INCOME), LT(INCOME, RIGID_LINE)))},
    /* 住建 */
    {.code = "P-HOUSING-RURAL", .name_zh = "农村低收入群体住房安全保障（危房改造）", .name_en = "Housing safety for rural low-income households (renovation of unsafe houses)",
     .department = "ZJ", .type = "housing", .targets = {"low_income", "tekun", "dibao", "dibao_edge", "monitored"},
     .benefit_kind = "amount",
     .benefit_text = "对鉴定为C级、D级危房的农村低收入群体住房，给予改造或重建补助，或通过统建农房、租赁、置换等方式保障住房安全",
     .how_to_apply = "本人向村委会和乡镇人民政府申请，经房屋安全鉴定、审核公示后，由县级住建部门组织实施。",
     .documents = "申请书；身份证件和户口簿；救助对象证明；房屋安全性鉴定结论",
     .legal_basis = "住房和城乡建设部 财政部 民政部 国家乡村振兴局《关于做好农村低收入群体等重点对象住房安全保障工作的实施意见》（建村〔2021〕35号）",
     .rule = AND(EQ(URBAN, "false"), IN(HOUSING, S("unsafe_c") "," S("unsafe_d")), IN(CATEGORY, HARDSHIP))},
    {.code = "P-HOUSING-PUBLIC", .name_zh = "公共租赁住房实物配租", .name_en = "Public rental housing",
     .department = "ZJ", .type = "housing", .targets = {"low_income"}, .benefit_kind = "service",
     .benefit_text = "城镇住房困难的低收入家庭可申请配租公共租赁住房，租金按本市规定减免",
     .how_to_apply = "向户籍所在街道（乡镇）提出申请，经审核、公示、轮候后配租；特困、低保家庭优先。",
     .documents = "申请表；身份证件和户口簿；救助对象证明；住房情况证明",
     .legal_basis = "《公共租赁住房管理办法》（住房和城乡建设部令第11号）；《社会救助暂行办法》（国务院令第649号）第八章",
     .rule = AND(EQ(URBAN, "true"), IN(HOUSING, S("none") "," S("unsafe_c") "," S("unsafe_d")), IN(CATEGORY, LOW_INCOME))},
    {.code = "P-HOUSING-RENT", .name_zh = "城镇住房租赁补贴", .name_en = "Urban rent subsidy",
     .department = "ZJ", .type = "housing", .targets = {"low_income"}, .benefit_kind = "amount",
     .benefit_parameter = "housing_rent_subsidy_monthly",
     .benefit_text = "城镇无房的低收入家庭自行租房的，按月发放住房租赁补贴（标准见城市参数）",
     .how_to_apply = "向户籍所在街道（乡镇）提出申请，经审核公示后由住建部门发放。",
     .documents = "申请表；身份证件和户口簿；救助对象证明；租赁合同",
     .legal_basis = "《公共租赁住房管理办法》（住房和城乡建设部令第11号）；《社会救助暂行办法》（国务院令第649号）第八章",
     .rule = AND(EQ(URBAN, "true"), EQ(HOUSING, S("none")), IN(CATEGORY, LOW_INCOME))},
    /* 人社 */
    {.code = "P-EMP-AID", .name_zh = "就业困难人员就业援助", .name_en = "Employment assistance for people with difficulty finding work",
     .department = "RS", .type = "employment", .targets = {"unemployed", "dibao", "dibao_edge", "disabled"},
     .benefit_kind = "service",
     .benefit_text = "认定为就业困难人员后，提供职业指导、岗位推荐、职业培训，并按规定享受社会保险补贴和岗位补贴；低保家庭成员就业后可按规定渐退",
     .how_to_apply = "向户籍所在地或常住地的街道（乡镇）公共就业服务机构申请就业困难人员认定，驿站可协助登记。",
     .documents = "身份证件；就业创业证；救助对象证明或残疾人证",
     .legal_basis = "《中华人民共和国就业促进法》（就业援助一章）；《社会救助暂行办法》（国务院令第649号）第九章；《就业服务与就业管理规定》",
     .rule = OR(AND(IN(CATEGORY, S("dibao") "," S("dibao_edge") "," S("monitored") "," S("rigid_expense")),
                    SOME(WORKING_AGE_UNEMPLOYED)),
                SOME(AND(WORKING_AGE_UNEMPLOYED, DISABLED)))},
    {.code = "P-EMP-PUBLIC-POST", .name_zh = "公益性岗位安置", .name_en = "Public-welfare job placement",
     .department = "RS", .type = "employment", .targets = {"unemployed", "low_income"}, .benefit_kind = "service",
     .benefit_text = "对大龄（女40周岁以上、男50周岁以上）就业困难人员优先安排公益性岗位，并给予岗位补贴和社会保险补贴",
     .how_to_apply = "经就业困难人员认定后，向街道（乡镇）公共就业服务机构申请，按岗位空缺择优安置。",
     .documents = "身份证件；就业创业证；救助对象证明",
     .legal_basis = "《中华人民共和国就业促进法》（就业援助一章）；《就业服务与就业管理规定》",
     .rule = AND(IN(CATEGORY, S("dibao") "," S("dibao_edge") "," S("monitored") "," S("rigid_expense")),
                 SOME(AND(EQ(V("employed"), "false"),
                          OR(AND(EQ(V("sex"), S("F")), GE(V("age"), "40"), LT(V("age"), "50")),
                             AND(EQ(V("sex"), S("M")), GE(V("age"), "50"), LT(V("age"), "60"))))))},
    {.code = "P-EMP-TRAINING", .name_zh = "职业技能培训补贴", .name_en = "Vocational training subsidy",
     .department = "RS", .type = "employment", .targets = {"unemployed", "low_income"}, .benefit_kind = "service",
     .benefit_text = "低收入家庭劳动年龄内未就业成员参加职业技能培训的，免费培训并按规定给予生活费补贴",
     .how_to_apply = "向公共就业服务机构或定点培训机构报名，取得证书后申领补贴。",
     .documents = "身份证件；就业创业证；培训合格证书",
     .legal_basis = "《中华人民共和国就业促进法》（职业教育和培训一章）；《社会救助暂行办法》（国务院令第649号）第九章",
     .rule = AND(IN(CATEGORY, LOW_INCOME), SOME(WORKING_AGE_UNEMPLOYED))},
    /* 应急 */
    {.code = "P-DISASTER", .name_zh = "受灾人员过渡期生活救助", .name_en = "Living assistance for disaster victims",
     .department = "YJ", .type = "disaster", .targets = {"disaster_affected"}, .benefit_kind = "amount",
     .benefit_text = "对因自然灾害损失较重、无力维持基本生活的受灾人员，给予应急救助和过渡期生活救助",
     .how_to_apply = "灾害发生后由村（居）委会、乡镇（街道）核实灾情并报应急管理部门，也可本人向乡镇（街道）申请。",
     .documents = "身份证件；灾情核查材料",
     .legal_basis = "《自然灾害救助条例》（国务院令第577号）；《社会救助暂行办法》（国务院令第649号）第五章",
     .rule = GE(LOSS, V("params.disaster_loss_threshold"))},
    {.code = "P-DISASTER-HOUSING", .name_zh = "因灾倒损住房恢复重建补助", .name_en = "Grant for rebuilding houses damaged by disaster",
     .department = "YJ", .type = "disaster", .targets = {"disaster_affected"}, .benefit_kind = "amount",
     .benefit_text = "对因灾倒塌或严重损坏、无房可住的家庭，给予住房恢复重建补助",
     .how_to_apply = "本人向村（居）委会申请，经乡镇（街道）核实、公示后报应急管理部门审核。",
     .documents = "申请书；身份证件和户口簿；房屋倒损核查材料",
     .legal_basis = "《自然灾害救助条例》（国务院令第577号）",
     .rule = AND(GT(LOSS, "0"), IN(HOUSING, S("unsafe_d") "," S("none")))},
    {.code = "P-DISASTER-WINTER", .name_zh = "受灾人员冬春生活救助", .name_en = "Winter and spring relief for disaster victims",
     .department = "YJ", .type = "disaster", .targets = {"disaster_affected", "low_income"}, .benefit_kind = "amount",
     .benefit_text = "对受灾后当年冬季、次年春季口粮、衣被、取暖等生活困难的家庭给予救助",
     .how_to_apply = "由村（居）委会、乡镇（街道）摸底核实后报应急管理部门，也可本人申请。",
     .documents = "身份证件；受灾和家庭困难情况材料",
     .legal_basis = "《自然灾害救助条例》（国务院令第577号）",
     .rule = AND(GT(LOSS, "0"), LT(INCOME, EDGE_LINE))},
    /* 总工会 */
    {.code = "P-UNION-HARDSHIP", .name_zh = "困难职工帮扶", .name_en = "Aid for workers in hardship", .department = "ZGH",
     .type = "social", .targets = {"workers", "low_income"}, .benefit_kind = "amount",
     .benefit_text = "建档困难职工家庭获得生活、医疗、子女助学等帮扶和送温暖慰问",
     .how_to_apply = "向所在单位工会或街道（乡镇）工会申请建档，经审核后纳入困难职工帮扶。",
     .documents = "申请表；身份证件；劳动关系证明；家庭困难情况材料",
     .legal_basis = "《中华人民共和国工会法》；中华全国总工会困难职工帮扶工作有关规定",
     .rule = AND(IN(CATEGORY, S("dibao") "," S("dibao_edge") "," S("rigid_expense") "," S("monitored")),
                 SOME(EQ(V("employed"), "true")))},
    {.code = "P-UNION-AUTUMN", .name_zh = "工会金秋助学", .name_en = "Trade union autumn student aid",
     .department = "ZGH", .type = "social", .targets = {"workers", "students"}, .benefit_kind = "amount",
     .benefit_text = "困难职工家庭子女考入或就读大学的，给予一次性助学金",
     .how_to_apply = "每年入学前后向所在单位工会或市总工会申请。",
     .documents = "申请表；录取通知书或学生证；困难职工档案或救助对象证明",
     .legal_basis = "《中华人民共和国工会法》；中华全国总工会“金秋助学”活动有关规定",
     .rule = AND(IN(CATEGORY, S("dibao") "," S("dibao_edge") "," S("rigid_expense") "," S("monitored")),
                 SOME(EQ(V("employed"), "true")), SOME(EQ(V("in_school"), S("college"))))},
    /* 妇联 */
    {.code = "P-WOMEN-TWO-CANCERS", .name_zh = "患“两癌”困难妇女救助", .name_en = "Aid for poor women with cervical or breast cancer",
     .department = "FL", .type = "social", .targets = {"women", "seriously_ill"}, .benefit_kind = "amount",
     .benefit_text = "对患宫颈癌、乳腺癌的困难妇女给予一次性救助金",
     .how_to_apply = "向户籍所在地乡镇（街道）妇联申请，经县级妇联审核后发放。",
     .documents = "申请表；身份证件；二级以上医院诊断证明；家庭困难证明",
     .legal_basis = "《中华人民共和国妇女权益保障法》；中国妇女发展基金会、全国妇联“贫困母亲两癌救助”项目规定",
     .rule = AND(IN(CATEGORY, LOW_INCOME), SOME(AND(EQ(V("sex"), S("F")), EQ(V("serious_illness"), "true"))))},
    {.code = "P-WOMEN-SPRING-BUD", .name_zh = "春蕾计划助学", .name_en = "Spring Bud aid for girls at school",
     .department = "FL", .type = "social", .targets = {"children", "students", "women"}, .benefit_kind = "amount",
     .benefit_text = "资助家庭困难女童完成学业",
     .how_to_apply = "向就读学校或乡镇（街道）妇联申请，经县级妇联审核后资助。",
     .documents = "申请表；学生证或在读证明；家庭困难证明",
     .legal_basis = "《中华人民共和国妇女权益保障法》；中国儿童少年基金会“春蕾计划”项目规定",
     .rule = AND(IN(CATEGORY, LOW_INCOME),
                 SOME(AND(EQ(V("sex"), S("F")),
                          IN(V("in_school"), S("primary") "," S("junior") "," S("senior") "," S("vocational")))))},
    /* 团委 */
    {.code = "P-HOPE-PROJECT", .name_zh = "希望工程助学", .name_en = "Project Hope student aid", .department = "TSW",
     .type = "social", .targets = {"students", "children"}, .benefit_kind = "amount",
     .benefit_text = "资助家庭经济困难的中小学生和大学新生",
     .how_to_apply = "向就读学校或团县（市、区）委申请，经审核公示后资助。",
     .documents = "申请表；学生证或录取通知书；家庭困难证明",
     .legal_basis = "《中华人民共和国慈善法》；中国青少年发展基金会希望工程助学项目规定",
     .rule = AND(IN(CATEGORY, LOW_INCOME),
                 SOME(IN(V("in_school"),
                         S("primary") "," S("junior") "," S("senior") "," S("vocational") "," S("college"))))},
    /* 残联 */
    {.code = "P-CL-ASSISTIVE", .name_zh = "残疾人辅助器具适配补贴", .name_en = "Assistive device fitting for disabled people",
     .department = "CL", .type = "subsidy", .targets = {"disabled"}, .benefit_kind = "service",
     .benefit_text = "持证残疾人经评估后免费或补贴适配轮椅、助听器、假肢等基本型辅助器具",
     .how_to_apply = "持残疾人证向乡镇（街道）残联或县级残联申请，经辅具评估后适配。",
     .documents = "申请表；身份证件；第二代残疾人证",
     .legal_basis = "《中华人民共和国残疾人保障法》；《残疾预防和残疾人康复条例》（国务院令第675号）",
     .rule = SOME(DISABLED)},
    {.code = "P-CL-CHILD-REHAB", .name_zh = "残疾儿童康复救助", .name_en = "Rehabilitation assistance for disabled children",
     .department = "CL", .type = "subsidy", .targets = {"disabled", "children"}, .benefit_kind = "service",
     .benefit_text = "0至6岁视力、听力、言语、肢体、智力等残疾儿童和孤独症儿童在定点机构接受手术、辅具适配和康复训练的，按标准给予救助",
     .how_to_apply = "监护人持残疾人证或诊断证明向户籍所在地县级残联申请。",
     .documents = "申请表；儿童户口簿；残疾人证或二级以上医院诊断证明",
     .legal_basis = "《国务院关于建立残疾儿童康复救助制度的意见》（国发〔2018〕20号）",
     .rule = SOME(AND(LE(V("age"), "6"), DISABLED))},
    {.code = "P-CL-HOME-ADAPT", .name_zh = "困难重度残疾人家庭无障碍改造", .name_en = "Barrier-free home adaptation for poor severely disabled people",
     .department = "CL", .type = "subsidy", .targets = {"disabled", "low_income"}, .benefit_kind = "service",
     .benefit_text = "对困难家庭中一级、二级残疾人的住所进行无障碍改造",
     .how_to_apply = "向乡镇（街道）残联申请，经入户评估后由县级残联组织实施。",
     .documents = "申请表；身份证件；第二代残疾人证；救助对象证明",
     .legal_basis = "《中华人民共和国无障碍环境建设法》；《中华人民共和国残疾人保障法》",
     .rule = AND(IN(CATEGORY, HARDSHIP), SOME(SEVERE))},
    {.code = "P-CL-STUDENT", .name_zh = "残疾学生助学", .name_en = "Aid for disabled students", .department = "CL",
     .type = "education", .targets = {"disabled", "students"}, .benefit_kind = "amount",
     .benefit_text = "持证残疾学生接受学前至高等教育的，按规定给予助学补助",
     .how_to_apply = "每学年向县级残联申请。",
     .documents = "申请表；第二代残疾人证；学生证或录取通知书",
     .legal_basis = "《中华人民共和国残疾人保障法》；《残疾人教育条例》（国务院令第674号）",
     .rule = SOME(AND(DISABLED, IN(V("in_school"), S("preschool") "," S("primary") "," S("junior") "," S("senior") ","
                                                 S("vocational") "," S("college"))))},
    /* 红十字会 */
    {.code = "P-RC-HUMANITARIAN", .name_zh = "红十字人道救助", .name_en = "Red Cross humanitarian aid", .department = "HSH",
     .type = "social", .targets = {"seriously_ill", "low_income"}, .benefit_kind = "amount",
     .benefit_text = "对患重特大疾病的困难群众给予人道救助金",
     .how_to_apply = "向县级红十字会申请，或由驿站、社区转介。",
     .documents = "申请表；身份证件；诊断证明和医疗费用票据；家庭困难证明",
     .legal_basis = "《中华人民共和国红十字会法》；《中国红十字会章程》",
     .rule = AND(IN(CATEGORY, LOW_INCOME), SOME(EQ(V("serious_illness"), "true")))},
    /* 卫健 */
    {.code = "P-WJ-FAMILY-DOCTOR", .name_zh = "家庭医生签约服务（重点人群）", .name_en = "Family doctor contract services for priority groups",
     .department = "WJ", .type = "medical", .targets = {"elderly", "disabled", "seriously_ill", "low_income"},
     .benefit_kind = "service",
     .benefit_text = "老年人、残疾人、慢病和重病患者及困难家庭优先签约家庭医生，获得基本医疗、公共卫生和健康管理服务，基本服务包免费",
     .how_to_apply = "向所在社区卫生服务中心或乡镇卫生院、村卫生室申请签约。",
     .documents = "身份证件或医保电子凭证",
     .legal_basis = "《关于推进家庭医生签约服务的指导意见》（国医改办发〔2016〕1号）；《国家基本公共卫生服务规范（第三版）》",
     .rule = OR(IN(CATEGORY, HARDSHIP),
                SOME(OR(GE(V("age"), "65"), DISABLED, EQ(V("serious_illness"), "true"))))},
    {.code = "P-WJ-ELDER-HEALTH", .name_zh = "老年人健康管理", .name_en = "Health management for older people",
     .department = "WJ", .type = "medical", .targets = {"elderly"}, .benefit_kind = "service",
     .benefit_text = "65岁及以上老年人每年一次免费健康体检和健康指导",
     .how_to_apply = "到户籍或常住地的社区卫生服务中心、乡镇卫生院预约体检。",
     .documents = "身份证件",
     .legal_basis = "《国家基本公共卫生服务规范（第三版）》",
     .rule = GE(MAX_OF("age"), "65")},
    /* 司法 */
    {.code = "P-SF-LEGAL-AID", .name_zh = "法律援助", .name_en = "Legal aid", .department = "SF", .type = "social",
     .targets = {"low_income"}, .benefit_kind = "service",
     .benefit_text = "特困、低保、低保边缘等经济困难人员免予核查经济状况，获得免费法律咨询、代理和刑事辩护",
     .how_to_apply = "向法律援助机构或其设在乡镇（街道）、驿站的工作站申请。",
     .documents = "申请表；身份证件；救助对象证明；案件有关材料",
     .legal_basis = "《中华人民共和国法律援助法》（2022年施行）第四十二条",
     .rule = IN(CATEGORY, LOW_INCOME)},
    /* 农业农村 */
    {.code = "P-NY-MONITOR", .name_zh = "防止返贫致贫监测帮扶", .name_en = "Monitoring and support against falling (back) into poverty",
     .department = "NY", .type = "social", .targets = {"monitored", "low_income"}, .benefit_kind = "service",
     .benefit_text = "纳入监测的农村家庭按风险类型落实产业、就业、综合保障等针对性帮扶，风险消除后退出",
     .how_to_apply = "农户自主申报，或由村干部、驿站排查发现，经乡镇（街道）核实后由县级农业农村部门确认。",
     .documents = "申报表；身份证件和户口簿；家庭收入和困难情况材料",
     .legal_basis = "《中共中央 国务院关于实现巩固拓展脱贫攻坚成果同乡村振兴有效衔接的意见》；防止返贫致贫监测帮扶有关规定",
     .rule = OR(EQ(CATEGORY, S("monitored")), AND(EQ(URBAN, "false"), LT(INCOME, EDGE_LINE)))},
    /* 发改 */
    {.code = "P-FGW-PRICE", .name_zh = "价格临时补贴", .name_en = "Temporary price subsidy", .department = "FGW",
     .type = "subsidy", .targets = {"tekun", "dibao", "orphans"}, .benefit_kind = "amount",
     .benefit_parameter = "price_subsidy_monthly",
     .benefit_text = "居民消费价格涨幅达到启动条件时，向低保对象、特困人员、孤儿和事实无人抚养儿童等按月发放价格临时补贴（标准见城市参数）",
     .how_to_apply = "无需申请：达到启动条件时由发展改革、民政等部门按救助对象名单直接发放。",
     .documents = "无需另交材料",
     .legal_basis = "国家发展改革委等《关于进一步健全社会救助和保障标准与物价上涨挂钩联动机制的通知》（发改价格规〔2021〕1300号）",
     .rule = OR(IN(CATEGORY, S("tekun") "," S("dibao")), SOME(AND(EQ(V("orphan"), "true"), LT(V("age"), "18"))))},
    /* 税务 */
    {.code = "P-SWJ-DISABLED-IIT", .name_zh = "残疾人个人所得税减征", .name_en = "Income tax reduction for disabled people",
     .department = "SWJ", .type = "subsidy", .targets = {"disabled"}, .benefit_kind = "rate",
     .benefit_text = "残疾人的劳动所得按省定幅度和限额减征个人所得税",
     .how_to_apply = "通过个人所得税App或扣缴单位申报减免，留存残疾人证备查。",
     .documents = "第二代残疾人证",
     .legal_basis = "《中华人民共和国个人所得税法》第五条；山东省残疾人个人所得税减征规定",
     .rule = SOME(AND(DISABLED, EQ(V("employed"), "true")))},
    {.code = "P-SWJ-STARTUP", .name_zh = "重点群体创业就业税费扣减", .name_en = "Tax deductions for priority groups starting a business or finding work",
     .department = "SWJ", .type = "employment", .targets = {"monitored", "unemployed", "low_income"},
     .benefit_kind = "rate",
     .benefit_text = "脱贫人口（含防止返贫监测对象）、登记失业半年以上人员等从事个体经营的，按年限额扣减增值税、城市维护建设税、教育费附加和个人所得税",
     .how_to_apply = "办理个体工商户登记后向主管税务机关申报享受，持《就业创业证》或监测对象身份信息。",
     .documents = "身份证件；就业创业证；营业执照",
     .legal_basis = "财政部 税务总局 人力资源社会保障部 农业农村部《关于进一步支持重点群体创业就业有关税收政策的公告》（2023年第15号）",
     .valid_from = "2023-01-01", .valid_to = "2027-12-31",
     .rule = AND(IN(CATEGORY, S("monitored") "," S("dibao") "," S("dibao_edge")), SOME(WORKING_AGE_UNEMPLOYED))},
    /* 行政审批 */
    {.code = "P-XZSP-PROXY", .name_zh = "政务服务帮办代办", .name_en = "Assisted and proxy handling of government services",
     .department = "XZSP", .type = "social", .targets = {"elderly", "disabled"}, .benefit_kind = "service",
     .benefit_text = "高龄老人、重度残疾人等行动不便的群众办理政务服务事项，可预约上门办、帮办代办",
     .how_to_apply = "拨打本市政务服务热线或通过驿站预约。",
     .documents = "身份证件；委托书（代办时）",
     .legal_basis = "《国务院关于加快推进政务服务标准化、规范化、便利化的指导意见》（国发〔2022〕5号）",
     .rule = SOME(OR(GE(V("age"), "80"), SEVERE))},
    /* 社会工作部 */
    {.code = "P-SHGZ-VOLUNTEER", .name_zh = "独居老人和重度残疾人志愿关爱", .name_en = "Volunteer care for older people and severely disabled people living alone",
     .department = "SHGZ", .type = "social", .targets = {"elderly", "disabled"}, .benefit_kind = "service",
     .benefit_text = "组织志愿服务队伍结对开展探访、陪伴、代购、助洁等关爱服务",
     .how_to_apply = "由驿站、社区发现登记，或本人、家属向社区申请，志愿服务组织结对。",
     .documents = "无需材料",
     .legal_basis = "《志愿服务条例》（国务院令第685号）",
     .rule = AND(EQ(V("household.size"), "1"), SOME(OR(GE(V("age"), "70"), SEVERE)))},
};
const size_t store_seed_catalog_count = sizeof store_seed_catalog / sizeof store_seed_catalog[0];

/* ---- exclusions: not both in the same period (避免重复救助) -------------------------------------------- */

const store_seed_exclusion store_seed_exclusions[] = {
    {"P-DIBAO", "P-TEKUN"},           /* 特困人员不再纳入低保 */
    {"P-DIBAO", "P-DIBAO-EDGE"},      /* the edge lies above the standard by definition */
    {"P-DIBAO-EDGE", "P-TEKUN"},
    {"P-DIBAO-EDGE", "P-RIGID"},      /* one low-income category at a time */
    {"P-DIS-LIVING", "P-TEKUN"},      /* 国发〔2015〕52号: 纳入特困供养的不享受生活补贴 */
    {"P-DIS-LIVING", "P-ORPHAN"},     /* 享受孤儿基本生活保障的不享受生活补贴 */
    {"P-ORPHAN", "P-TEKUN"},          /* 民发〔2021〕43号: 选择孤儿保障的不再认定为特困 */
    {"P-HOUSING-PUBLIC", "P-HOUSING-RENT"}, /* 实物配租与租赁补贴择一 */
};
const size_t store_seed_exclusions_count = sizeof store_seed_exclusions / sizeof store_seed_exclusions[0];

/* ---- city parameters ----------------------------------------------------------------------------------- */

#define EXAMPLE "示例值，请按本市现行标准修改"

const store_seed_parameter store_seed_parameters[] = {
    {"dibao_urban_monthly", "95000", "fen", "2023-07-01", EXAMPLE},
    {"dibao_urban_monthly", "100000", "fen", "2024-07-01", EXAMPLE},
    {"dibao_urban_monthly", "106500", "fen", "2025-07-01", EXAMPLE},
    {"dibao_rural_monthly", "76000", "fen", "2023-07-01", EXAMPLE},
    {"dibao_rural_monthly", "80000", "fen", "2024-07-01", EXAMPLE},
    {"dibao_rural_monthly", "85200", "fen", "2025-07-01", EXAMPLE},
    {"dibao_edge_multiple", "1.5", "multiple", "2023-07-01", EXAMPLE "（国家指导：一般不超过低保标准的1.5倍）"},
    {"dibao_assets_months", "24", "months", "2023-07-01", EXAMPLE},
    {"rigid_expense_multiple", "2", "multiple", "2023-07-01", EXAMPLE},
    {"tekun_basic_monthly", "123500", "fen", "2023-07-01", EXAMPLE "（不低于城市低保标准的1.3倍）"},
    {"tekun_basic_monthly", "130000", "fen", "2024-07-01", EXAMPLE "（不低于城市低保标准的1.3倍）"},
    {"tekun_basic_monthly", "138500", "fen", "2025-07-01", EXAMPLE "（不低于城市低保标准的1.3倍）"},
    {"tekun_care_self_monthly", "20000", "fen", "2023-07-01", EXAMPLE},
    {"tekun_care_partial_monthly", "60000", "fen", "2023-07-01", EXAMPLE},
    {"tekun_care_full_monthly", "100000", "fen", "2023-07-01", EXAMPLE},
    {"elderly_allowance_age", "80", "years", "2023-07-01", EXAMPLE},
    {"elderly_allowance_monthly", "10000", "fen", "2023-07-01", EXAMPLE},
    {"disability_living_subsidy_monthly", "10000", "fen", "2023-07-01", EXAMPLE},
    {"disability_care_subsidy_monthly", "10000", "fen", "2023-07-01", EXAMPLE},
    {"orphan_scattered_monthly", "150000", "fen", "2023-07-01", EXAMPLE},
    {"orphan_institution_monthly", "200000", "fen", "2023-07-01", EXAMPLE},
    {"temporary_assistance_max_multiple", "6", "multiple", "2023-07-01", EXAMPLE},
    {"medical_out_of_pocket_threshold", "500000", "fen", "2023-07-01", EXAMPLE},
    {"disaster_loss_threshold", "200000", "fen", "2023-07-01", EXAMPLE},
    {"price_subsidy_monthly", "3000", "fen", "2023-07-01", EXAMPLE},
    {"housing_rent_subsidy_monthly", "30000", "fen", "2023-07-01", EXAMPLE},
};
const size_t store_seed_parameters_count = sizeof store_seed_parameters / sizeof store_seed_parameters[0];
