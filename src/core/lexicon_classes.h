/* lexicon_classes.h — the classes of words in data/lexicon/vi.tsv, one X(ENUM, "name") each.
 * Shared by src/core/lexicon.h and the build tool tools/lexicon_gen.c, so that a class the
 * data names but the code does not know fails the build. No other content: the tool is built
 * for the build machine and includes nothing else of the core. */
#define LEXICON_CLASSES(X)                                                                                              \
    X(LEX_UNIT, "unit")               /* a unit of measure after a figure: "tạ/ha", "triệu đồng" */                  \
    X(LEX_LABEL, "label")             /* a word before a number that makes it a name: "mức độ 1", "thôn 9" */        \
    X(LEX_GRADE, "grade")             /* a word after a number that makes it a grade: "3 sao", "2 buổi" */           \
    X(LEX_COUNTED, "counted")         /* a thing a word numeral counts: "hai xã", "một thôn" */                      \
    X(LEX_PLACE, "place")             /* a place classifier before a proper name: "thôn Thái Lai" */                 \
    X(LEX_ACTION, "action")           /* a verb that opens a clause to achieve: "hoàn thành", "xây dựng" */          \
    X(LEX_ACHIEVEMENT, "achievement") /* a phrase that states an achievement: "đạt chuẩn", "không còn" */            \
    X(LEX_RATE, "rate")               /* a name of a rate of change, whose figure is a level: "tốc độ tăng" */       \
    X(LEX_TO, "to")                   /* a word from one level to the next: "từ 2,1% xuống còn 1,5%" */   \
    X(LEX_SHARE, "share")             /* a share that a rate word changes: "tỷ lệ giảm nghèo 0,7%" */     \
    X(LEX_MEASURE, "measure")         /* after a number, makes it a measured figure: "2.000 tấn", "(kg)" */ \
    X(LEX_HEADER, "header")           /* opens a table's header cell: "TT", "Chỉ tiêu", "ĐVT" */           \
    X(LEX_ACTUAL_COLUMN, "actual-column") /* heads a figure column that is no target: "Thực hiện 2025" */ \
    X(LEX_PLAN_COLUMN, "plan-column")     /* heads the column of targets: "Kế hoạch 2026" */         \
    X(LEX_UNIT_STOP, "unit-stop")     /* ends the words of a unit: "12 cây xanh trở lên" */                 \
    X(LEX_COMPARATOR, "comparator")   /* opens a phrase and promises a figure: "trên", "khoảng" */          \
    X(LEX_INCREASE, "increase")       /* before the figure, makes it a rise: "tăng 5%", "thêm 8" */          \
    X(LEX_DECREASE, "decrease")       /* before the figure, makes it a fall: "giảm 0,5%" */                \
    X(LEX_DAY, "day")                 /* before "dd/mm", makes it a date: "ngày 05/12", "chiều 28/8" */     \
    X(LEX_NAME_LEAD, "name-lead")     /* opens a clause but is no part of the target's name: "phấn đấu" */   \
    X(LEX_NAME_TAIL, "name-tail")     /* ends the words before a figure but is no part of the name: "đạt" */ \
    X(LEX_STATE, "state")             /* after a list of places, states what they achieve: "đạt chuẩn" */   \
    X(LEX_META, "meta")               /* talks about the targets rather than states one: "các chỉ tiêu" */ \
    X(LEX_BASELINE, "baseline")       /* before a year, makes it the baseline: "so với năm 2025" */
