-- 0006: when a report is on time, and what each task of "Tổ chức thực hiện" asks.
--
-- A deadline keeps the date the plan writes (due_on) and, apart from it, the last day a report
-- is on time: "trước ngày 05/12/2026" ends on 04/12, "chậm nhất ngày 05/12/2026" on 05/12
-- (src/core/deadline.h). wording is the plan's own words.
ALTER TABLE plan_deadline ADD COLUMN last_on_time TEXT;
ALTER TABLE plan_deadline ADD COLUMN wording TEXT;

-- Until now every deadline was shown as "trước ngày <due>" (the seed's two deadlines are written
-- so), yet counted on time through the due day itself: take the wording that was shown.
UPDATE plan_deadline
   SET wording = 'trước ngày ' || strftime('%d/%m/%Y', due_on),
       last_on_time = date(due_on, '-1 day');

-- A task's duty (chủ trì, theo dõi - đôn đốc, báo cáo, tuyên truyền, triển khai thực hiện) and
-- whom it names as the plan writes it, when that is a group rather than one unit.
ALTER TABLE task ADD COLUMN duty TEXT NOT NULL DEFAULT 'implement'
    CHECK (duty IN ('implement','lead','follow_up','report','propagate'));
ALTER TABLE task ADD COLUMN assignee TEXT;
