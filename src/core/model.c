/* model.c — codes and Vietnamese labels of the domain enums, and walks over a plan's
 * indicator tree; see model.h. */
#include "model.h"

#include <string.h>

#include "hash.h"

struct name {
    const char *code, *label;
};

static const struct name org_kinds[] = {
    {"office", "Phòng, ban"},
    {"public_service", "Đơn vị sự nghiệp"},
    {"school", "Trường học"},
    {"village", "Thôn"},
    {"enterprise", "Doanh nghiệp"},
    {"police", "Công an"},
    {"military", "Quân sự"},
    {"mass_org", "Mặt trận, đoàn thể"},
    {"health_station", "Trạm y tế"},
};
static const struct name groups[] = {
    {"economy", "Kinh tế"},
    {"culture_society", "Văn hóa - xã hội"},
    {"environment", "Môi trường"},
    {"digital_admin", "Chuyển đổi số - hành chính"},
    {"defence_security", "Quốc phòng - an ninh"},
};
static const struct name frequencies[] = {
    {"month", "Hằng tháng"},
    {"quarter", "Hằng quý"},
    {"year", "Hằng năm"},
};
static const struct name measures[] = {
    {"flow", "Cộng dồn theo kỳ"},
    {"level", "Số tại thời điểm (lấy số mới nhất)"},
    {"buildup", "Lũy kế trong năm (lấy số mới nhất)"},
    {"yesno", "Đạt / không đạt"},
    {"list", "Danh mục"},
};
static const struct name aggregations[] = {
    {"sum", "Cộng số của các đơn vị"},
    {"rate", "Tỷ lệ chung: tổng tử số / tổng mẫu số"},
    {"ratio", "Bình quân theo quy mô: tổng lượng / tổng diện tích, dân số"},
    {"commune", "Số chung của xã, không cộng từ đơn vị"},
};
static const struct name directions[] = {
    {"higher", "Càng cao càng tốt"},
    {"lower", "Càng thấp càng tốt"},
    {"band", "Nằm trong khoảng"},
};
static const struct name statuses[] = {
    {"draft", "Nháp"},
    {"submitted", "Đã gửi"},
    {"approved", "Đã duyệt"},
    {"returned", "Trả lại"},
};
static const struct name roles[] = {
    {"admin", "Quản trị"},
    {"officer", "Cán bộ Phòng Văn hóa - Xã hội"},
    {"reporter", "Người báo cáo của đơn vị"},
    {"leader", "Lãnh đạo"},
    {"viewer", "Người xem"},
    {"city", "Cán bộ thành phố"},
};

static const struct name duties[] = {
    {"implement", "Triển khai thực hiện"},
    {"lead", "Chủ trì"},
    {"follow_up", "Theo dõi, đôn đốc"},
    {"report", "Báo cáo"},
    {"propagate", "Tuyên truyền"},
};

static bool find(const struct name *t, size_t n, const char *code, int *out)
{
    for (size_t i = 0; code && i < n; i++) {
        if (strcmp(t[i].code, code) == 0) {
            *out = (int)i;
            return true;
        }
    }
    return false;
}

#define N(t) (sizeof t / sizeof t[0])
#define MODEL_ENUM_IMPL(type, prefix, table)                                                                 \
    const char *prefix##_code(type v)                                                                        \
    {                                                                                                        \
        return (size_t)v < N(table) ? table[v].code : "?";                                                   \
    }                                                                                                        \
    const char *prefix##_label_vi(type v)                                                                    \
    {                                                                                                        \
        return (size_t)v < N(table) ? table[v].label : "?";                                                  \
    }                                                                                                        \
    bool prefix##_from_code(const char *code, type *out)                                                     \
    {                                                                                                        \
        int i;                                                                                               \
        if (!find(table, N(table), code, &i))                                                                \
            return false;                                                                                    \
        *out = (type)i;                                                                                      \
        return true;                                                                                         \
    }
MODEL_ENUM_IMPL(org_kind, org_kind, org_kinds)
MODEL_ENUM_IMPL(indicator_group, indicator_group, groups)
MODEL_ENUM_IMPL(frequency, frequency, frequencies)
MODEL_ENUM_IMPL(measure, measure, measures)
MODEL_ENUM_IMPL(aggregation, aggregation, aggregations)
MODEL_ENUM_IMPL(direction, direction, directions)
MODEL_ENUM_IMPL(value_status, value_status, statuses)
MODEL_ENUM_IMPL(user_role, user_role, roles)
MODEL_ENUM_IMPL(task_duty, task_duty, duties)

_Static_assert(N(org_kinds) == ORG_KIND_COUNT, "org kind table");
_Static_assert(N(groups) == GROUP_COUNT, "group table");
_Static_assert(N(frequencies) == FREQ_COUNT, "frequency table");
_Static_assert(N(measures) == MEASURE_COUNT, "measure table");
_Static_assert(N(aggregations) == AGG_COUNT, "aggregation table");
_Static_assert(N(directions) == DIR_COUNT, "direction table");
_Static_assert(N(statuses) == VALUE_STATUS_COUNT, "status table");
_Static_assert(N(duties) == DUTY_COUNT, "duty table");
_Static_assert(N(roles) == ROLE_COUNT, "role table");

static void count(const indicator *list, size_t n, bool root, plan_counts *c)
{
    for (size_t i = 0; i < n; i++) {
        const indicator *ind = &list[i];
        c->indicators++;
        c->roots += root;
        if (ind->target) {
            c->targets++;
            c->leaf_targets += ind->n_children == 0;
        }
        count(ind->children, ind->n_children, false, c);
    }
}

void plan_count(const plan *p, plan_counts *out)
{
    memset(out, 0, sizeof *out);
    count(p->indicators, p->n_indicators, true, out);
}

static const indicator *find_code(const indicator *list, size_t n, const char *code)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(list[i].code, code) == 0)
            return &list[i];
        const indicator *hit = find_code(list[i].children, list[i].n_children, code);
        if (hit)
            return hit;
    }
    return NULL;
}

const indicator *plan_find_indicator(const plan *p, const char *code)
{
    return find_code(p->indicators, p->n_indicators, code);
}

const target *indicator_unit_target(const indicator *ind, const char *org_unit_code)
{
    for (size_t i = 0; org_unit_code && i < ind->n_unit_targets; i++)
        if (strcmp(ind->unit_targets[i].org_unit_code, org_unit_code) == 0)
            return &ind->unit_targets[i].target;
    return NULL;
}

uint64_t data_value_key_hash(const data_value *v)
{
    /* each part with its NUL, so that ("ab", "c") and ("a", "bc") differ */
    uint64_t h = hash_bytes(HASH_SEED, v->indicator_code, strlen(v->indicator_code) + 1);
    h = hash_bytes(h, v->org_unit_code, strlen(v->org_unit_code) + 1);
    return hash_bytes(h, v->period, strlen(v->period) + 1);
}

bool data_value_same_key(const data_value *x, const data_value *y)
{
    return strcmp(x->indicator_code, y->indicator_code) == 0 && strcmp(x->org_unit_code, y->org_unit_code) == 0 &&
           strcmp(x->period, y->period) == 0;
}
