/* main.c — the thidua command line: global options, the command table, dispatch, exit
 * codes (0 ok, 1 runtime error, 2 usage error). Commands live in cmd_*.c. */
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "core/vnum.h"
#include "core/vtext.h"

#define THIDUA_VERSION "0.1.0"

static const cli_command commands[] = {
    {NULL, "init", "[--demo]", "Tạo (hoặc nâng cấp) cơ sở dữ liệu; --demo nạp kế hoạch mẫu của xã Kiến Hải 2026",
     "Tạo tệp cơ sở dữ liệu nếu chưa có và nâng cấp lược đồ lên phiên bản mới nhất.\n"
     "  --demo   nạp kế hoạch thi đua năm 2026 của xã Kiến Hải (dữ liệu thật của kế hoạch)\n"
     "           cùng các đơn vị, khối thi đua và số liệu minh họa (đánh dấu là demo);\n"
     "           chỉ nạp vào cơ sở dữ liệu chưa có kế hoạch nào.\n",
     OPT_DEMO, 0, 0, cmd_init},
    {NULL, "serve", "[--listen ĐỊA_CHỈ:CỔNG] [--web THƯ_MỤC] [--secure-cookies] [--trust-proxy ĐỊA_CHỈ[,ĐỊA_CHỈ]] [--threads N]", "Chạy máy chủ HTTP: API JSON /api/v1 cho giao diện web và các máy khác",
     "  --listen ĐỊA_CHỈ:CỔNG   mặc định 127.0.0.1:8080; cổng 0 chọn một cổng còn trống.\n"
     "  --web THƯ_MỤC           giao diện web đã build (mặc định: web/dist nếu có)\n"
     "  --secure-cookies        cookie phiên luôn có Secure: máy chủ chỉ được truy cập qua HTTPS\n"
     "                          (sau một proxy TLS); không có nó, Secure khi proxy gửi\n"
     "                          X-Forwarded-Proto: https\n"
     "  --trust-proxy ĐỊA_CHỈ   máy chủ proxy (nginx…) đứng trước thidua, ví dụ 127.0.0.1: chỉ khi kết nối\n"
     "                          đến từ các địa chỉ này, địa chỉ người dùng mới được lấy từ X-Forwarded-For\n"
     "                          (để giới hạn đăng nhập sai theo từng máy).\n"
     "  --remind-every PHÚT     gửi e-mail nhắc hạn 5 giây sau khi khởi động và sau mỗi PHÚT phút\n"
     "                          (mặc định 60; 0: không tự gửi, dùng `thidua remind run` trong cron)\n"
     "  --threads N             số luồng xử lý yêu cầu, mỗi luồng một kết nối cơ sở dữ liệu (1 đến 64;\n"
     "                          mặc định: số lõi CPU tiến trình được dùng)\n"
     "Dừng bằng Ctrl+C hoặc SIGTERM: các yêu cầu đang xử lý được hoàn tất, cơ sở dữ liệu\n"
     "được đóng đúng cách.\n",
     OPT_LISTEN | OPT_WEB | OPT_SECURE_COOKIES | OPT_TRUST_PROXY | OPT_REMIND_EVERY | OPT_THREADS, 0, 0, cmd_serve},
    {NULL, "backup", "TỆP", "Sao lưu cơ sở dữ liệu vào TỆP, kể cả khi máy chủ đang chạy và đang ghi",
     "Bản sao là cơ sở dữ liệu tại một thời điểm (API sao lưu trực tuyến của SQLite); máy chủ vẫn\n"
     "trả lời và ghi trong lúc sao lưu. Bản sao được kiểm tra toàn vẹn rồi mới mang tên TỆP\n"
     "(TỆP cũ, nếu có, được thay). Ví dụ: thidua --db thidua.db backup sao-luu/thidua-2026-12-01.db\n",
     0, 1, 1, cmd_backup},
    {NULL, "restore", "TỆP", "Khôi phục cơ sở dữ liệu từ một bản sao lưu (thay toàn bộ nội dung hiện có)",
     "TỆP được kiểm tra trước (toàn vẹn, đúng là cơ sở dữ liệu thidua, phiên bản lược đồ); tệp\n"
     "không đạt thì không có gì thay đổi. Nên dừng máy chủ và sao lưu cơ sở dữ liệu hiện tại trước.\n"
     "Bản sao của phiên bản cũ hơn được nâng cấp lược đồ sau khi khôi phục.\n",
     0, 1, 1, cmd_restore},
    {NULL, "migrate", "--from TỆP.db --to postgresql://…", "Chép cơ sở dữ liệu SQLite của một xã vào cơ sở dữ liệu chung của thành phố",
     "Mọi dữ liệu của xã (kế hoạch, chỉ tiêu, số liệu, minh chứng, tài khoản, nhật ký) được chép\n"
     "trong một giao dịch, với mã số mới trong cơ sở dữ liệu đích. Nếu xã (theo mã xã) hoặc một tên\n"
     "đăng nhập của xã đã có ở đích thì không chép gì cả. Phiên đăng nhập không được chép: người\n"
     "dùng đăng nhập lại. Không có --to thì đích là --db. Tệp nguồn được nâng cấp lược đồ nếu cũ.\n"
     "Ví dụ: thidua migrate --from kien-hai.db --to postgresql://thidua@db.haiphong.local/thidua\n",
     OPT_FROM | OPT_TO | OPT_JSON, 0, 0, cmd_migrate},
    {"demo", "generate", "--communes N --units M --months K [--seed S] [--city TÊN]",
     "Sinh dữ liệu giả lập: N xã của một thành phố, mỗi xã kế hoạch mẫu và số liệu ngẫu nhiên",
     "Mỗi xã có kế hoạch mẫu (xã Kiến Hải 2026), các đơn vị của nó (thêm thôn khi M lớn hơn) và số liệu\n"
     "của M đơn vị trong K tháng đầu năm quanh từng chỉ tiêu: có xã vượt, có xã không đạt, có xã chưa có\n"
     "số liệu. Mỗi xã một giao dịch; in tiến độ từng xã. Cùng --seed cho cùng dữ liệu.\n"
     "Ví dụ: thidua --db thanh-pho.db demo generate --communes 114 --units 5 --months 12\n",
     OPT_COMMUNES | OPT_UNITS | OPT_MONTHS | OPT_SEED | OPT_CITY, 0, 0, cmd_demo_generate},
    {"city", "communes", "[--city TÊN] [--period KỲ] [--json]", "Các xã của thành phố cạnh nhau: số chỉ tiêu vượt, đạt, không đạt, chưa có số liệu",
     "", OPT_CITY | OPT_PERIOD | OPT_JSON | OPT_AS_OF, 0, 0, cmd_city_communes},
    {"city", "rollup", "[--city TÊN] [--period KỲ] [--json]", "Tổng hợp toàn thành phố theo từng chỉ tiêu: số xã đạt, phân bố, xã chậm",
     "", OPT_CITY | OPT_PERIOD | OPT_JSON | OPT_AS_OF, 0, 0, cmd_city_rollup},
    {"city", "reports", "[--city TÊN] [--period KỲ] [--json]", "Báo cáo tổng hợp của các xã so với hạn gửi thành phố",
     "", OPT_CITY | OPT_PERIOD | OPT_JSON | OPT_AS_OF, 0, 0, cmd_city_reports},
    {"user", "add", "TÊN --role VAI_TRÒ [--unit MÃ] [--commune MÃ_XÃ] [--city TÊN_THÀNH_PHỐ]", "Tạo tài khoản; mật khẩu đọc từ đầu vào chuẩn",
     "Vai trò: admin (mọi việc), officer (Phòng Văn hóa - Xã hội: kế hoạch, duyệt báo cáo),\n"
     "reporter (nhập và gửi số liệu của đúng một đơn vị: cần --unit), leader (duyệt, ký; xem tất cả),\n"
     "viewer (chỉ xem), city (cán bộ thành phố: xem mọi xã của thành phố --city, không sửa gì).\n"
     "Ví dụ: echo 'mat-khau-dai' | thidua user add thaolai --role reporter --unit thon-thai-lai\n"
     "Tài khoản làm việc trong một xã (--commune, mặc định xã được nạp đầu tiên) và chỉ thấy dữ liệu của xã đó.\n",
     OPT_ROLE | OPT_UNIT | OPT_COMMUNE | OPT_CITY, 1, 1, cmd_user_add},
    {"user", "list", "[--json]", "Liệt kê các tài khoản", "", OPT_JSON, 0, 0, cmd_user_list},
    {"user", "passwd", "TÊN", "Đặt mật khẩu mới cho một tài khoản; mật khẩu đọc từ đầu vào chuẩn",
     "Mật khẩu mới cần ít nhất 10 ký tự; các phiên đăng nhập của tài khoản kết thúc.\n"
     "Ví dụ: echo 'mat-khau-moi-dai' | thidua user passwd thaolai\n", 0, 1, 1, cmd_user_passwd},
    {"user", "disable", "TÊN", "Khóa một tài khoản: không đăng nhập được, phiên và mã truy cập hết hiệu lực ngay",
     "", 0, 1, 1, cmd_user_disable},
    {"user", "enable", "TÊN", "Mở khóa một tài khoản đã khóa (mã truy cập cũ vẫn hết hiệu lực)", "", 0, 1, 1,
     cmd_user_enable},
    {"token", "create", "TÊN", "Tạo mã truy cập API cho một tài khoản (in ra một lần)",
     "Máy khác gửi kèm tiêu đề Authorization: Bearer MÃ. Mã chỉ được lưu dưới dạng băm.\n", 0, 1, 1,
     cmd_token_create},
    {"plan", "list", "[--json]", "Liệt kê các kế hoạch", "", OPT_JSON, 0, 0, cmd_plan_list},
    {"plan", "show", "ID [--json]", "Xem một kế hoạch: thông tin chung, cây chỉ tiêu và mục tiêu",
     "  --json   in ra JSON: thông tin chung và \"indicators\", mỗi chỉ tiêu có \"target\"\n"
     "           theo cấu trúc trong docs/target-json.md.\n",
     OPT_JSON, 1, 1, cmd_plan_show},
    {"plan", "import", "FILE.json", "Nạp một kế hoạch từ tệp dữ liệu (docs/plan-file.md)",
     "Tệp được kiểm tra toàn bộ trước khi ghi; có lỗi thì không ghi gì.\n", 0, 1, 1, cmd_plan_import},
    {"plan", "export", "ID [--out TỆP]", "Xuất một kế hoạch đã lưu ra tệp dữ liệu (docs/plan-file.md)",
     "In ra (hoặc ghi vào --out TỆP) kế hoạch dạng \"thidua-plan/1\": thông tin chung, các\n"
     "đơn vị, khối thi đua của xã và cây chỉ tiêu với mục tiêu, đơn vị phụ trách, công thức,\n"
     "mức được giao. Nạp lại bằng `thidua plan import` cho đúng kế hoạch đó; sửa tệp rồi ghi\n"
     "đè lên kế hoạch qua giao diện web (PUT /api/v1/plans/ID/plan-file).\n",
     OPT_OUT, 1, 1, cmd_plan_export},
    {"plan", "extract", "FILE [--json | --plan-file]", "Đọc các chỉ tiêu từ văn bản kế hoạch (.txt, .md, .docx)",
     "Đề xuất cây chỉ tiêu: với mỗi mục tiêu có dòng nguồn, mã, tên, kiểu so sánh, giá trị,\n"
     "đơn vị, tăng/giảm, năm gốc. Các dòng có số mà không đọc được được liệt kê riêng để xem\n"
     "lại (quy tắc: docs/targets.md).\n"
     "  --json        {\"targets\": [{\"line\", \"code\", \"name\", \"op\", \"value\", …}], \"unread\": […]}\n"
     "  --plan-file   in ra một tệp kế hoạch (docs/plan-file.md) với cây chỉ tiêu đã đọc; các\n"
     "                trường chưa biết (số, cơ quan ban hành, tên xã…) để trống. Điền và xem lại,\n"
     "                rồi nạp bằng `thidua plan import`.\n",
     OPT_JSON | OPT_PLAN_FILE, 1, 1, cmd_plan_extract},
    {"values", "import", "FILE.csv|FILE.xlsx [--plan ID] [--unit MÃ] [--period KỲ]",
     "Nhập số liệu thực hiện từ tệp CSV (docs/values-csv.md) hoặc mẫu Excel đã điền (docs/xlsx.md)",
     "Cột: indicator, org_unit, period, value[, note, status, denominator, evidence (minh chứng)].\n"
     "Tệp .xlsx (nhận ra theo nội dung) là mẫu nhập số liệu của `thidua export --what template`;\n"
     "số liệu được lưu dạng nháp; --unit và --period, nếu có, phải là của mẫu.\n"
     "Mọi dòng được kiểm tra; có một dòng lỗi thì không nhập dòng nào, và thông báo liệt kê các\n"
     "dòng lỗi.\n"
     "  --plan ID   kế hoạch nhận số liệu (mặc định: kế hoạch duy nhất)\n",
     OPT_PLAN | OPT_UNIT | OPT_PERIOD, 1, 1, cmd_values_import},
    {NULL, "export", "--plan ID --what evaluation|values|completeness|units|template [--period KỲ] [--unit MÃ] -o TỆP.xlsx",
     "Xuất bảng tính Excel (.xlsx): đánh giá, số liệu, tình hình báo cáo, đơn vị × chỉ tiêu, mẫu nhập",
     "  --what evaluation     bảng đánh giá các chỉ tiêu: mục tiêu, thực hiện, mức đạt, đánh giá, lý do\n"
     "  --what values         số liệu đã nhập của kỳ (và của một đơn vị với --unit)\n"
     "  --what completeness   tình hình báo cáo của các đơn vị trong kỳ (cần --period)\n"
     "  --what units          bảng đơn vị × chỉ tiêu: đánh giá từng đơn vị theo chỉ tiêu được giao\n"
     "  --what template       mẫu nhập số liệu của một đơn vị cho một kỳ (cần --unit và --period);\n"
     "                        điền rồi nhập bằng `thidua values import TỆP.xlsx`\n"
     "  --period KỲ           2026-03, 2026-Q1 hoặc 2026 (mặc định: cả năm đầu của kế hoạch)\n"
     "  --as-of NGÀY          ngày đánh giá (mặc định: hôm nay)\n"
     "  -o, --out TỆP         tệp .xlsx được ghi (docs/xlsx.md)\n",
     OPT_PLAN | OPT_WHAT | OPT_PERIOD | OPT_UNIT | OPT_AS_OF | OPT_OUT, 0, 0, cmd_export},
    {"values", "list", "[--plan ID] [--unit MÃ] [--indicator MÃ] [--period KỲ] [--json]",
     "Liệt kê số liệu đã nhập",
     "  --unit MÃ        chỉ số liệu của một đơn vị (ví dụ thon-thai-lai)\n"
     "  --indicator MÃ   chỉ số liệu của một chỉ tiêu (ví dụ 1.3.4)\n"
     "  --period KỲ      chỉ một kỳ: 2026-03, 2026-Q1 hoặc 2026\n",
     OPT_PLAN | OPT_UNIT | OPT_INDICATOR | OPT_PERIOD | OPT_JSON, 0, 0, cmd_values_list},
    {NULL, "evaluate", "[--plan ID] [--period KỲ] [--unit MÃ | --units] [--as-of NGÀY] [--approved] [--json]",
     "Đánh giá từng chỉ tiêu: vượt, đạt, không đạt, tiến độ, kèm lý do",
     "Tính số thực hiện của từng chỉ tiêu trong kỳ từ số liệu đã gửi và đã duyệt, so với mục\n"
     "tiêu, và tổng hợp theo nhóm, theo đơn vị (quy tắc: docs/targets.md).\n"
     "  --period KỲ     2026-03, 2026-Q3 hoặc 2026 (mặc định: cả năm của kế hoạch)\n"
     "  --unit MÃ       chỉ số liệu của một đơn vị (mặc định: toàn xã)\n"
     "  --as-of NGÀY    ngày đánh giá, YYYY-MM-DD hoặc dd/mm/yyyy (mặc định: hôm nay);\n"
     "                  kỳ chưa kết thúc thì có thêm tiến độ và số dự kiến cuối kỳ\n"
     "  --units         bảng đơn vị × chỉ tiêu: mỗi đơn vị so với chỉ tiêu được giao riêng\n"
     "                  (đơn vị theo thứ tự tên tiếng Việt)\n"
     "  --approved      chỉ tính số liệu đã duyệt (mặc định: cả số liệu đã gửi)\n"
     "  --json          in ra JSON: mỗi chỉ tiêu có verdict, degree, reason, pace, projected\n",
     OPT_PLAN | OPT_PERIOD | OPT_UNIT | OPT_UNITS | OPT_AS_OF | OPT_APPROVED | OPT_JSON, 0, 0, cmd_evaluate},
    /* before the top-level "report", which would take "list" for nothing */
    {"report", "list", "[--plan ID] [--json]", "Liệt kê các báo cáo, công văn đã ban hành của kế hoạch",
     "Mỗi văn bản: số và ký hiệu (05/BC-UBND), ngày ban hành, loại, đơn vị, kỳ, người ban hành.\n", OPT_PLAN | OPT_JSON,
     0, 0, cmd_report_list},
    {NULL, "report",
     "--kind consolidated|unit|reminder [--plan ID] [--unit MÃ] [--period KỲ] [--as-of NGÀY] "
     "(--format docx|xlsx -o TỆP | --issue [-o TỆP] [--json])",
     "Xuất báo cáo, công văn đôn đốc ra tệp Word (thể thức Nghị định 30/2020/NĐ-CP) hoặc Excel; ban hành",
     "  --kind consolidated   báo cáo tổng hợp kết quả thực hiện kế hoạch của xã\n"
     "  --kind unit           báo cáo của một đơn vị về các chỉ tiêu được giao (cần --unit)\n"
     "  --kind reminder       công văn đôn đốc các đơn vị chưa báo cáo đủ số liệu của kỳ\n"
     "  --period KỲ           2026, 2026-Q4 hoặc 2026-11 (mặc định: cả năm của kế hoạch)\n"
     "  --as-of NGÀY          ngày của văn bản và của việc đánh giá (mặc định: hôm nay)\n"
     "  --format docx         tệp Word (.docx), bản dự thảo: số để trống\n"
     "  --format xlsx         tệp Excel: bảng đánh giá các chỉ tiêu và số lượng vượt, đạt, không đạt\n"
     "                        (báo cáo của đơn vị: các chỉ tiêu được giao cho đơn vị)\n"
     "  --issue               ban hành: cấp số tiếp theo trong năm (05/BC-UBND), ghi ngày, lưu văn bản\n"
     "                        không đổi được nữa; in ra số văn bản (-o TỆP: ghi cả tệp đã ban hành)\n"
     "  -o, --out TỆP         tệp được ghi\n"
     "Ví dụ: thidua report --kind consolidated --format docx -o bao-cao-2026.docx\n"
     "       thidua report --kind consolidated --as-of 15/12/2026 --issue\n",
     OPT_PLAN | OPT_KIND | OPT_UNIT | OPT_PERIOD | OPT_AS_OF | OPT_FORMAT | OPT_OUT | OPT_ISSUE | OPT_JSON, 0, 0,
     cmd_report},
    {"remind", "run", "[--plan ID] [--as-of NGÀY] [--json]", "Gửi e-mail nhắc các đơn vị chưa nộp báo cáo trước hạn (cho cron)",
     "Với mỗi kế hoạch (hoặc --plan ID): các hạn sắp đến (hạn nộp báo cáo của kế hoạch, hạn số liệu\n"
     "hằng tháng ngày 05 tháng sau), các đơn vị chưa gửi đủ số liệu, và lịch nhắc của kế hoạch\n"
     "(mặc định 5 ngày và 1 ngày trước ngày cuối cùng được tính đúng hạn). Mỗi lần nhắc được ghi\n"
     "lại; một lần nhắc đã gửi được không bao giờ gửi lại, lần gửi không được sẽ thử lại lần sau.\n"
     "  --as-of NGÀY   coi như hôm nay là NGÀY (mặc định: hôm nay theo giờ Việt Nam)\n"
     "Ví dụ cron: */30 * * * * thidua --db /var/lib/thidua/thidua.db remind run\n",
     OPT_PLAN | OPT_AS_OF | OPT_JSON, 0, 0, cmd_remind_run},
    {"remind", "list", "[--plan ID] [--json]", "Xem nhật ký nhắc hạn: gửi cho ai, khi nào, hạn nào, kết quả",
     "", OPT_PLAN | OPT_JSON, 0, 0, cmd_remind_list},
    {"remind", "show", "[--plan ID] [--as-of NGÀY] [--json]", "Xem các hạn sắp đến và các đơn vị chưa nộp",
     "", OPT_PLAN | OPT_AS_OF | OPT_JSON, 0, 0, cmd_remind_show},
    {"remind", "contact", "[ĐƠN_VỊ name=\"HỌ TÊN\" email=ĐỊA_CHỈ phone=SỐ] [--commune MÃ] [--json]",
     "Xem hoặc đặt người liên hệ (nhận e-mail nhắc hạn) của các đơn vị",
     "Không có ĐƠN_VỊ: liệt kê mọi đơn vị với người liên hệ. Trường bỏ trống thì được xóa.\n"
     "Ví dụ: thidua remind contact thon-thai-lai name=\"Nguyễn Văn An\" email=thailai@example.vn phone=0912345678\n",
     OPT_COMMUNE | OPT_JSON, 0, 4, cmd_remind_contact},
    {"remind", "smtp", "[url=smtp://MÁY:CỔNG sender=ĐỊA_CHỈ name=\"TÊN\" user=TÊN password=- ca=TỆP] [--commune MÃ] [--json]",
     "Xem hoặc đặt máy chủ thư (SMTP) của xã để gửi nhắc hạn",
     "Kết nối luôn được mã hóa bằng STARTTLS; ca=TỆP là chứng chỉ của tổ chức cấp chứng chỉ cho máy\n"
     "chủ thư khi không phải một tổ chức hệ thống đã tin. password=- đọc mật khẩu từ đầu vào chuẩn;\n"
     "không có password thì giữ mật khẩu đã lưu. Mật khẩu không bao giờ được in ra.\n",
     OPT_COMMUNE | OPT_JSON, 0, 6, cmd_remind_smtp},
    {"remind", "schedule", "[5,1 | on | off] [--plan ID] [--json]", "Xem hoặc đặt lịch nhắc hạn của kế hoạch",
     "Các số ngày trước ngày cuối cùng được tính đúng hạn, cách nhau bằng dấu phẩy (0: chính ngày\n"
     "đó); on / off bật hoặc tắt việc gửi e-mail.\n",
     OPT_PLAN | OPT_JSON, 0, 1, cmd_remind_schedule},
    {"target", "explain", "\"MỤC TIÊU\" [--actual SỐ] [--baseline SỐ] [--json]",
     "Xem cách đọc một mục tiêu và đánh giá một số thực hiện",
     "Đọc một mục tiêu viết bằng tiếng Việt (ví dụ \"trên 97,2%\", \"từ 19% trở lên\",\n"
     "\"giảm từ 20% trở lên so với năm 2025\") và in ra cách hiểu; có --actual thì đánh giá.\n"
     "  --actual SỐ     số thực hiện (97,5), hoặc có/không, hoặc các mục \"a; b\" của danh mục\n"
     "  --baseline SỐ   số của năm gốc, cho mục tiêu tăng/giảm: mức thay đổi được tính từ\n"
     "                  --actual và --baseline\n"
     "  --json          {\"target\", \"verdict\", \"degree\", \"reason\"}\n",
     OPT_ACTUAL | OPT_BASELINE | OPT_JSON, 1, 1, cmd_target_explain},
    {"target", "assign", "MÃ GIÁ_TRỊ [--plan ID]", "Ghi mức cấp trên giao cho chỉ tiêu \"theo chỉ tiêu được giao\"",
     "Ví dụ: thidua target assign 7 1,5 — chỉ tiêu 7 được đánh giá đạt khi từ 1,5 trở lên.\n"
     "GIÁ_TRỊ \"không\" hoặc \"-\" xóa mức đã ghi. Việc ghi được lưu vào nhật ký.\n",
     OPT_PLAN, 2, 2, cmd_target_assign},
    {"target", "share", "MÃ --unit ĐƠN_VỊ \"CHỈ TIÊU GIAO\" | --clear [--plan ID] [--json]",
     "Giao chỉ tiêu cho một đơn vị (phần của đơn vị trong mục tiêu của xã)",
     "Ví dụ: thidua target share 1.3.4 --unit thon-thai-lai \"khoảng 2.400 con\"\n"
     "Chỉ tiêu giao viết như mục tiêu trong kế hoạch; đơn vị được đánh giá theo chỉ tiêu này.\n"
     "  --clear   bỏ chỉ tiêu đã giao cho đơn vị\n"
     "Việc giao và bỏ được lưu vào nhật ký.\n",
     OPT_PLAN | OPT_UNIT | OPT_CLEAR | OPT_JSON, 1, 2, cmd_target_share},
    {"target", "shares", "[--plan ID] [--unit ĐƠN_VỊ] [--indicator MÃ] [--json]",
     "Liệt kê chỉ tiêu đã giao cho các đơn vị",
     "  --unit MÃ        chỉ của một đơn vị\n"
     "  --indicator MÃ   chỉ của một chỉ tiêu\n"
     "  --json           {\"unit_targets\": [{\"indicator\", \"org_unit\", \"org_unit_name\", \"target\"}]}\n",
     OPT_PLAN | OPT_UNIT | OPT_INDICATOR | OPT_JSON, 0, 0, cmd_target_shares},
    {"award", "scores", "--block KHỐI --period KỲ [--plan ID] [--json]",
     "Chấm điểm, xếp hạng, xếp loại các đơn vị của một khối thi đua",
     "  --block KHỐI   mã khối thi đua (xem bảng chấm điểm trên trang web)\n"
     "  --period KỲ    2026, 2026-Q4 hoặc 2026-12\n"
     "  Đơn vị bằng điểm được xếp đồng hạng (1, 2, 2, 4); kết quả là căn cứ đề nghị, không thay bình xét.\n",
     OPT_BLOCK | OPT_PERIOD | OPT_PLAN | OPT_JSON, 0, 0, cmd_award_scores},
    {"award", "nominations", "[--json]", "Liệt kê các đề nghị khen thưởng và các điều kiện chưa đạt", "", OPT_JSON, 0,
     0, cmd_award_nominations},
    {"award", "check", "ID [--json]", "Kiểm tra điều kiện của một đề nghị khen thưởng, kèm lý do", "", OPT_JSON, 1, 1,
     cmd_award_check},
    {"award", "decisions", "[--json]", "Liệt kê các quyết định khen thưởng và người, tập thể được khen", "", OPT_JSON,
     0, 0, cmd_award_decisions},
    {"award", "certificates", "--decision ID -o TỆP.pdf [--nomination ID]",
     "In Giấy khen (PDF, A4 ngang) cho những người, tập thể trong một quyết định đã ban hành",
     "  --decision ID     quyết định (xem `thidua award decisions`)\n"
     "  --nomination ID   chỉ in cho một đề nghị trong quyết định\n"
     "  -o TỆP.pdf        tệp ghi ra (mặc định: giay-khen-SỐ-NĂM.pdf)\n",
     OPT_DECISION | OPT_NOMINATION | OPT_OUT, 0, 0, cmd_award_certificates},
    {"award", "decision-docx", "--decision ID -o TỆP.docx", "Xuất quyết định khen thưởng ra tệp Word đúng thể thức",
     "", OPT_DECISION | OPT_OUT, 0, 0, cmd_award_decision_docx},
    {"award", "minutes", "PHIÊN -o TỆP.docx", "Xuất biên bản họp hội đồng thi đua, khen thưởng ra tệp Word", "",
     OPT_OUT, 1, 1, cmd_award_minutes},
    {"award", "history", "[--person ID] [--unit MÃ] [--json]",
     "Lịch sử khen thưởng của một cá nhân, một đơn vị (kể cả các đơn vị đã hợp nhất vào)", "",
     OPT_PERSON | OPT_UNIT | OPT_JSON, 0, 0, cmd_award_history},
};

#define N_COMMANDS (sizeof commands / sizeof commands[0])

static const char global_help[] =
    "Tùy chọn chung:\n"
    "  --db TỆP     cơ sở dữ liệu: tệp SQLite, hoặc postgresql://NGƯỜI_DÙNG@MÁY:CỔNG/TÊN cho cả thành phố\n"
    "               (mặc định: $THIDUA_DB hoặc thidua.db)\n"
    "  -h, --help   trợ giúp; `thidua LỆNH --help` cho từng lệnh\n"
    "  --version    phiên bản\n";

static void usage(FILE *out)
{
    fprintf(out, "thidua %s — quản lý phong trào thi đua của xã: kế hoạch, chỉ tiêu, số liệu, khen thưởng\n\n",
            THIDUA_VERSION);
    fprintf(out, "Cách dùng: thidua [--db TỆP] LỆNH [THAM SỐ]\n\nCác lệnh:\n");
    for (size_t i = 0; i < N_COMMANDS; i++) {
        const cli_command *c = &commands[i];
        char name[64];
        snprintf(name, sizeof name, "%s%s%s", c->group ? c->group : "", c->group ? " " : "", c->name);
        fprintf(out, "  %-15s %s\n", name, c->summary);
    }
    fprintf(out, "\n%s", global_help);
}

static void command_help(const cli_command *c, FILE *out)
{
    fprintf(out, "Cách dùng: thidua [--db TỆP] %s%s%s %s\n\n%s\n\n%s%s%s", c->group ? c->group : "",
            c->group ? " " : "", c->name, c->usage, c->summary, c->help, *c->help ? "\n" : "", global_help);
}

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "thidua: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nXem `thidua --help`.\n");
    return 2;
}

/* Takes the value of an option written "--name VALUE" or "--name=VALUE". */
/* Every option of the command line: a flag (a bool of struct cli) or one that takes a value
 * (a string of struct cli), at the field's offset. A new option is one line here, its bit in
 * cli.h and its field in struct cli. */
struct cli_option {
    const char *name;
    uint64_t flag;
    bool is_flag;
    size_t offset;
};
#define FLAG(n, f, field) {n, f, true, offsetof(cli, field)}
#define VALUED(n, f, field) {n, f, false, offsetof(cli, field)}
static const struct cli_option options[] = {
    FLAG("--json", OPT_JSON, json),
    FLAG("--demo", OPT_DEMO, demo),
    FLAG("--plan-file", OPT_PLAN_FILE, plan_file),
    FLAG("--clear", OPT_CLEAR, clear),
    FLAG("--secure-cookies", OPT_SECURE_COOKIES, secure_cookies),
    FLAG("--units", OPT_UNITS, units),
    FLAG("--approved", OPT_APPROVED, approved),
    FLAG("--issue", OPT_ISSUE, issue),
    VALUED("--plan", OPT_PLAN, plan),
    VALUED("--unit", OPT_UNIT, unit),
    VALUED("--indicator", OPT_INDICATOR, indicator),
    VALUED("--period", OPT_PERIOD, period),
    VALUED("--as-of", OPT_AS_OF, as_of),
    VALUED("--actual", OPT_ACTUAL, actual),
    VALUED("--baseline", OPT_BASELINE, baseline),
    VALUED("--listen", OPT_LISTEN, listen),
    VALUED("--role", OPT_ROLE, role),
    VALUED("--web", OPT_WEB, web),
    VALUED("--out", OPT_OUT, out_path),
    VALUED("-o", OPT_OUT, out_path),
    VALUED("--commune", OPT_COMMUNE, commune),
    VALUED("--trust-proxy", OPT_TRUST_PROXY, trust_proxy),
    VALUED("--kind", OPT_KIND, kind),
    VALUED("--format", OPT_FORMAT, format),
    VALUED("--what", OPT_WHAT, what),
    VALUED("--remind-every", OPT_REMIND_EVERY, remind_every),
    VALUED("--threads", OPT_THREADS, threads),
    VALUED("--block", OPT_BLOCK, block),
    VALUED("--decision", OPT_DECISION, decision),
    VALUED("--person", OPT_PERSON, person),
    VALUED("--nomination", OPT_NOMINATION, nomination),
    VALUED("--from", OPT_FROM, from),
    VALUED("--to", OPT_TO, to),
    VALUED("--city", OPT_CITY, city),
    VALUED("--communes", OPT_COMMUNES, communes),
    VALUED("--months", OPT_MONTHS, months),
    VALUED("--seed", OPT_SEED, seed),
    /* `--units N` of demo generate: the flag --units above, followed by a number, is this one */
    VALUED("--units", OPT_UNITS, unit_count),
};
#undef FLAG
#undef VALUED
#define N_OPTIONS (sizeof options / sizeof options[0])

/* The option a names, written "--name" or "--name=value"; NULL when none. */
static const struct cli_option *option_find(const char *a)
{
    for (size_t k = 0; k < N_OPTIONS; k++) {
        size_t n = strlen(options[k].name);
        if (strncmp(a, options[k].name, n) == 0 && (a[n] == '\0' || (a[n] == '=' && !options[k].is_flag)))
            return &options[k];
    }
    return NULL;
}

static const char *option_value(int argc, char **argv, int *i, const char *name)
{
    size_t n = strlen(name);
    if (strncmp(argv[*i], name, n) == 0 && argv[*i][n] == '=')
        return argv[*i] + n + 1;
    if (strcmp(argv[*i], name) == 0 && *i + 1 < argc)
        return argv[++*i];
    return NULL;
}

int main(int argc, char **argv)
{
    cli c = {.out = stdout};
    const char *words[CLI_MAX_ARGS + 2];
    int n_words = 0, rc = 0;
    uint64_t seen = 0;
    bool help = false;
    const cli_command *cmd = NULL;
    c.db_path = getenv("THIDUA_DB");
    if (!c.db_path || !*c.db_path)
        c.db_path = "thidua.db";

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            help = true;
            continue;
        }
        if (strcmp(a, "--version") == 0) {
            printf("thidua %s (lược đồ cơ sở dữ liệu v%d)\n", THIDUA_VERSION, records_schema_latest());
            return 0;
        }
        const struct cli_option *o = option_find(a);
        if (o && o->is_flag && i + 1 < argc && argv[i + 1][0] >= '0' && argv[i + 1][0] <= '9') {
            /* a flag followed by a number: the option of the same name that takes a value */
            for (size_t k = 0; k < N_OPTIONS; k++)
                if (!options[k].is_flag && strcmp(options[k].name, o->name) == 0)
                    o = &options[k];
        }
        if (o && o->is_flag) {
            *(bool *)((char *)&c + o->offset) = true;
            seen |= o->flag;
            continue;
        }
        if (strncmp(a, "--db", 4) == 0 && (a[4] == '\0' || a[4] == '=')) {
            v = option_value(argc, argv, &i, "--db");
            if (!v || !*v)
                return usage_error("--db cần tên tệp cơ sở dữ liệu%s", "");
            c.db_path = v;
            continue;
        }
        if (o) {
            v = option_value(argc, argv, &i, o->name);
            if (!v || !*v)
                return usage_error("%s cần một giá trị", o->name);
            *(const char **)((char *)&c + o->offset) = v;
            seen |= o->flag;
            continue;
        }
        if (a[0] == '-' && a[1] != '\0')
            return usage_error("tùy chọn không hợp lệ: %s", a);
        if (n_words == CLI_MAX_ARGS + 2)
            return usage_error("quá nhiều tham số%s", "");
        words[n_words++] = a;
    }

    if (n_words == 0) {
        usage(help ? stdout : stderr);
        return help ? 0 : 2;
    }
    for (size_t i = 0; i < N_COMMANDS && !cmd; i++) {
        const cli_command *k = &commands[i];
        if (k->group ? (n_words >= 2 && strcmp(words[0], k->group) == 0 && strcmp(words[1], k->name) == 0)
                     : strcmp(words[0], k->name) == 0)
            cmd = k;
    }
    if (!cmd) {
        /* "thidua plan" alone lists that group's commands; an unknown verb is a usage error */
        bool group = false;
        for (size_t i = 0; i < N_COMMANDS; i++)
            group |= commands[i].group && strcmp(commands[i].group, words[0]) == 0;
        if (group && n_words == 1) {
            FILE *out = help ? stdout : stderr;
            fprintf(out, "Các lệnh %s:\n", words[0]);
            for (size_t i = 0; i < N_COMMANDS; i++)
                if (commands[i].group && strcmp(commands[i].group, words[0]) == 0)
                    fprintf(out, "  thidua %s %s %s\n      %s\n", words[0], commands[i].name, commands[i].usage,
                            commands[i].summary);
            return help ? 0 : 2;
        }
        if (group) {
            char both[128];
            snprintf(both, sizeof both, "%s %s", words[0], words[1]);
            return usage_error("lệnh không hợp lệ: %s", both);
        }
        return usage_error("lệnh không hợp lệ: %s", words[0]);
    }
    if (help) {
        command_help(cmd, stdout);
        return 0;
    }
    int skip = cmd->group ? 2 : 1;
    c.n_args = n_words - skip;
    for (int i = 0; i < c.n_args; i++)
        c.args[i] = words[skip + i];
    if (c.n_args < cmd->min_args || c.n_args > cmd->max_args) {
        fprintf(stderr, "thidua: số tham số không đúng\n");
        command_help(cmd, stderr);
        return 2;
    }
    uint64_t extra = seen & ~cmd->opts;
    if (extra) {
        for (size_t k = 0; k < N_OPTIONS; k++)
            if (extra & options[k].flag) {
                fprintf(stderr, "thidua: lệnh này không nhận tùy chọn %s\n", options[k].name);
                command_help(cmd, stderr);
                return 2;
            }
    }

    c.a = arena_new();
    td_status st = cmd->run(&c);
    if (st) {
        fprintf(stderr, "thidua: %s\n", c.err.msg[0] ? c.err.msg : "lỗi không xác định");
        rc = td_exit_code(st);
    }
    if (fflush(stdout) != 0 && rc == 0)
        rc = 1;
    records_close(c.store);
    arena_free(c.a);
    vtext_thread_cleanup();
    vnum_thread_cleanup();
    return rc;
}

const char *cli_db_shown(cli *c)
{
    char buf[512];
    return arena_strdup(c->a, records_url_shown(c->db_path, buf, sizeof buf));
}

td_status cli_store(cli *c, store **out)
{
    if (!c->store) {
        td_status st = records_open(c->db_path, &c->store, &c->err);
        if (st)
            return st;
        /* $USER is unset under cron and systemd; the account is still known */
        const char *login = getenv("USER");
        if (!login || !*login) {
            struct passwd *pw = getpwuid(geteuid());
            login = pw ? pw->pw_name : NULL;
        }
        char actor[128];
        snprintf(actor, sizeof actor, "cli:%s", login && *login ? login : "?");
        records_set_actor(c->store, actor);
    }
    *out = c->store;
    return TD_OK;
}

td_status cli_parse_id(cli *c, const char *text, const char *what, td_id *id)
{
    char *end = NULL;
    long long v = strtoll(text, &end, 10);
    if (!*text || *end || v <= 0)
        return td_fail(&c->err, TD_ERR_USAGE, "%s phải là một số nguyên dương, gặp \"%s\"", what, text);
    *id = v;
    return TD_OK;
}

td_status cli_plan_id(cli *c, td_id *id)
{
    store *s;
    plan *plans;
    size_t n;
    td_status st;

    if (c->plan)
        return cli_parse_id(c, c->plan, "--plan", id);
    st = cli_store(c, &s);
    if (!st)
        st = records_plans(s, c->a, NULL, &plans, &n, &c->err);
    if (st)
        return st;
    if (n == 0)
        return td_fail(&c->err, TD_ERR_NOTFOUND,
                       "chưa có kế hoạch nào trong %s; hãy chạy `thidua init --demo` hoặc `thidua plan import`",
                       cli_db_shown(c));
    if (n > 1)
        return td_fail(&c->err, TD_ERR_USAGE, "có %zu kế hoạch; hãy chọn một bằng --plan ID (xem `thidua plan list`)",
                       n);
    *id = plans[0].id;
    return TD_OK;
}

void cli_print_json(cli *c, json_t *v)
{
    json_dumpf(v, c->out, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
    fputc('\n', c->out);
    json_decref(v);
}
