// periods.ts — the periods of a plan's year as users read them.
export interface PeriodOption { code: string; label: string }

export function periodsOf(year: number): PeriodOption[] {
  const out: PeriodOption[] = [{ code: String(year), label: `Năm ${year}` }];
  ['I', 'II', 'III', 'IV'].forEach((q, i) => out.push({ code: `${year}-Q${i + 1}`, label: `Quý ${q}/${year}` }));
  for (let m = 1; m <= 12; m++) out.push({ code: `${year}-${String(m).padStart(2, '0')}`, label: `Tháng ${m}/${year}` });
  return out;
}

/** The month before today's within the year (the period units are reporting now). */
export function currentMonth(year: number): string {
  const d = new Date();
  const m = d.getFullYear() === year ? Math.max(1, d.getMonth()) : 12;
  return `${year}-${String(m).padStart(2, '0')}`;
}
