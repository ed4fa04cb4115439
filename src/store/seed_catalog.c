/*
** seed_catalog.c: the default difficulty areas (困难领域) and service catalog (服务清单) a new database
** starts with: 13 areas, and 5 categories of 20 service items, each with the areas it serves and its
** default response and completion times in days. Written by this project (from its spec's
** difficulty_areas.csv and service_catalog.csv) as its own default data, for a city to configure.
*/
#include "seed.h"

#include <string.h>

const store_seed_area store_seed_areas[] = {
    {"01", "基本生活", "Basic living"},
    {"02", "疾病治疗", "Disease treatment"},
    {"03", "残疾康复", "Disability rehabilitation"},
    {"04", "照护服务", "Care services"},
    {"05", "住房保障", "Housing"},
    {"06", "教育", "Education"},
    {"07", "就业", "Employment"},
    {"08", "心理慰藉", "Psychological comfort"},
    {"09", "监护与儿童关爱", "Guardianship and child care"},
    {"10", "老年关爱", "Care for the elderly"},
    {"11", "社会融入", "Social integration"},
    {"12", "急难临时", "Emergencies"},
    {"13", "法律援助与权益", "Legal aid and rights"},
};

const size_t store_seed_areas_count = sizeof store_seed_areas / sizeof store_seed_areas[0];

const store_seed_service_category store_seed_service_categories[] = {
    {"L", "生活保障", "Basic living support"},
    {"C", "卫生清洁", "Cleaning and hygiene"},
    {"H", "健康照护", "Health care"},
    {"S", "支持提升", "Support and capacity building"},
    {"R", "资源链接", "Resource linking"},
};

const size_t store_seed_service_categories_count =
    sizeof store_seed_service_categories / sizeof store_seed_service_categories[0];

const store_seed_service store_seed_services[] = {
    {"L1", "L", "助餐送餐", "Meal assistance and delivery", {"04", "10", "01"}, 3, 2, 7},
    {"L2", "L", "生活物资帮扶", "Daily necessities and goods", {"01", "12"}, 2, 2, 7},
    {"L3", "L", "代购代办", "Errands and agency services", {"04", "10"}, 2, 3, 7},
    {"L4", "L", "探访关爱", "Regular visits and caring contact", {"10", "09", "11"}, 3, 3, 14},
    {"C1", "C", "居家保洁", "Home cleaning", {"04"}, 1, 3, 14},
    {"C2", "C", "助浴", "Bathing assistance", {"04", "03"}, 2, 3, 14},
    {"C3", "C", "衣物清洗", "Laundry", {"04"}, 1, 3, 14},
    {"C4", "C", "居家环境改善与适老化改造", "Home environment repair and ageing-friendly retrofit", {"05", "03", "10"}, 3, 7, 60},
    {"H1", "H", "看护照料", "Personal care and nursing", {"04", "03"}, 2, 2, 14},
    {"H2", "H", "康复训练", "Rehabilitation training", {"03"}, 1, 5, 30},
    {"H3", "H", "陪诊助医", "Escort to medical appointments", {"02", "04"}, 2, 2, 7},
    {"H4", "H", "健康管理与义诊", "Health checks and chronic-disease management", {"02", "10"}, 2, 7, 30},
    {"H5", "H", "康复辅具与护理用品", "Assistive devices and care supplies", {"03", "02"}, 2, 5, 30},
    {"S1", "S", "心理疏导", "Psychological counselling", {"08"}, 1, 2, 30},
    {"S2", "S", "学业辅导与助学", "Tutoring and study support", {"06", "09"}, 2, 7, 60},
    {"S3", "S", "就业技能培训与岗位推荐", "Job skills training and placement", {"07"}, 1, 7, 60},
    {"S4", "S", "社会融入活动", "Social integration activities", {"11"}, 1, 7, 60},
    {"R1", "R", "政策咨询与代办", "Policy advice and help with applications", {"01", "02", "05", "06", "07"}, 5, 2, 14},
    {"R2", "R", "慈善资源对接", "Matching charity resources", {"12", "01"}, 2, 3, 14},
    {"R3", "R", "法律援助", "Legal aid referral", {"13"}, 1, 3, 30},
};

const size_t store_seed_services_count = sizeof store_seed_services / sizeof store_seed_services[0];

const store_seed_area *store_area_find(const char *code) {
    for (size_t i = 0; code && i < store_seed_areas_count; i++)
        if (strcmp(store_seed_areas[i].code, code) == 0) return &store_seed_areas[i];
    return NULL;
}

const store_seed_service *store_service_find(const char *code) {
    for (size_t i = 0; code && i < store_seed_services_count; i++)
        if (strcmp(store_seed_services[i].code, code) == 0) return &store_seed_services[i];
    return NULL;
}
