// format.ts — Vietnamese numbers (8.990, 362,4), dates (dd/mm/yyyy) and search without diacritics.
const nf = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });

export function num(v: number | null | undefined): string {
  return v === null || v === undefined ? '' : nf.format(v);
}

/** Vietnam keeps UTC+7 all year (Asia/Ho_Chi_Minh, no daylight saving): the server stores
 *  instants in UTC, and every day and hour shown is Vietnam's, whatever the browser's zone. */
const VN_OFFSET_MS = 7 * 3600 * 1000;

/** Vietnam's local time of an instant, as "YYYY-MM-DDTHH:MM:SS". */
function vnLocal(ms: number): string {
  return new Date(ms + VN_OFFSET_MS).toISOString().slice(0, 19);
}

/** A day "2026-12-05" as is; an instant "2026-12-04T17:00:00Z" as its day in Vietnam. */
function vnDay(iso: string): string {
  if (iso.length <= 10) return iso;
  const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`);
  return Number.isNaN(ms) ? iso.slice(0, 10) : vnLocal(ms).slice(0, 10);
}

export function date(iso: string | null | undefined): string {
  if (!iso) return '';
  const [y, m, d] = vnDay(iso).split('-');
  return `${d}/${m}/${y}`;
}

/** An instant as users read it in Vietnam: "05/12/2026 00:30". */
export function when(iso: string): string {
  const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`);
  return Number.isNaN(ms) ? iso : `${date(iso)} ${vnLocal(ms).slice(11, 16)}`;
}

/** "Giải phóng mặt bằng" → "giai phong mat bang": for search without diacritics. */
export function fold(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase().replace(/\s+/g, ' ').trim();
}

const collator = new Intl.Collator('vi');
export function viSort<T>(items: T[], key: (x: T) => string): T[] {
  return [...items].sort((a, b) => collator.compare(key(a), key(b)));
}

/** Parses what a person typed the Vietnamese way ("8.990", "362,4") into the text the server reads. */
export function daysBetween(fromIso: string, toIso: string): number {
  return Math.round((Date.parse(toIso) - Date.parse(fromIso)) / 86400000);
}

/** Today in Vietnam, "YYYY-MM-DD". */
export function today(): string {
  return vnLocal(Date.now()).slice(0, 10);
}
