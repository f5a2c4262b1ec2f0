// periods.ts — the periods of a plan's year as users read them (the words are in texts.ts).
import { t } from './texts';
import { today } from './format';

export interface PeriodOption { code: string; label: string }

export function periodsOf(year: number): PeriodOption[] {
  const out: PeriodOption[] = [{ code: String(year), label: t.yearLabel(year) }];
  for (let q = 1; q <= 4; q++) out.push({ code: `${year}-Q${q}`, label: t.quarterLabel(q, year) });
  for (let m = 1; m <= 12; m++) out.push({ code: `${year}-${String(m).padStart(2, '0')}`, label: t.monthLabel(m, year) });
  return out;
}

/** The month before today's within the year (the period units are reporting now). */
export function currentMonth(year: number): string {
  const [y, month] = today().split('-').map(Number); /* Vietnam's month, not the browser's */
  const m = y === year ? Math.max(1, month - 1) : 12;
  return `${year}-${String(m).padStart(2, '0')}`;
}

/** Every period code in a text as users read it: "2026-08" → "Tháng 8/2026", "2026-Q1 … 2026-Q3"
 * → "Quý I/2026 … Quý III/2026", "2026" alone → "Năm 2026". */
export function periodText(s: string | null | undefined): string {
  if (!s) return '';
  return s.replace(/\b(\d{4})(?:-(Q[1-4]|\d{2}))?\b/g, (all, y: string, p?: string) =>
    !p ? (all === s.trim() ? t.yearLabel(y) : all) : p.startsWith('Q') ? t.quarterLabel(Number(p[1]), y) : t.monthLabel(Number(p), y));
}

/** The period before: "2026-03" → "2026-02", "2026-01" → "2025-12", "2026-Q1" → "2025-Q4", "2026" → "2025". */
export function previousPeriod(code: string): string {
  const q = /^(\d{4})-Q([1-4])$/.exec(code);
  if (q) return Number(q[2]) === 1 ? `${Number(q[1]) - 1}-Q4` : `${q[1]}-Q${Number(q[2]) - 1}`;
  const m = /^(\d{4})-(\d{2})$/.exec(code);
  if (m) return Number(m[2]) === 1 ? `${Number(m[1]) - 1}-12` : `${m[1]}-${String(Number(m[2]) - 1).padStart(2, '0')}`;
  return String(Number(code) - 1);
}
