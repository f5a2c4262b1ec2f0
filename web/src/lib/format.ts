// format.ts — Vietnamese numbers (8.990, 362,4), dates (dd/mm/yyyy) and search without diacritics.
const nf = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });

export function num(v: number | null | undefined): string {
  return v === null || v === undefined ? '' : nf.format(v);
}

export function date(iso: string | null | undefined): string {
  if (!iso) return '';
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
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

export function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
