// awards.ts — what the award pages share: the tabs and who may use each, numbers typed the
// Vietnamese way, and the query string of a download link.

/** Each step of the award path and the roles that do it; others neither see it nor may open it.
 *  The set-up (setup: true) is shown apart: the council, the persons, the catalogue, the mergers,
 *  which the office (and for mergers the admin) changes and the chairman reads. */
export const awardTabs: { key: string; roles: string[]; setup?: boolean }[] = [
  { key: 'cham-diem', roles: ['admin', 'officer', 'leader'] },
  { key: 'de-nghi', roles: ['admin', 'officer', 'leader', 'reporter'] },
  { key: 'binh-xet', roles: ['admin', 'officer', 'leader'] },
  { key: 'quyet-dinh', roles: ['admin', 'officer', 'leader'] },
  { key: 'lich-su', roles: ['admin', 'officer', 'leader', 'viewer'] },
  { key: 'guong', roles: ['admin', 'officer'] },
  { key: 'hoi-dong', roles: ['admin', 'officer', 'leader'], setup: true },
  { key: 'ca-nhan', roles: ['admin', 'officer', 'leader'], setup: true },
  { key: 'danh-muc', roles: ['admin', 'officer', 'leader'], setup: true },
  { key: 'hop-nhat', roles: ['admin', 'officer', 'leader'], setup: true },
];

export const canEdit = (role: string) => role === 'admin' || role === 'officer';
/** Only the admin records a merger (POST /api/v1/awards/mergers). */
export const canMerge = (role: string) => role === 'admin';
export const canSign = (role: string) => role === 'admin' || role === 'leader';

/** "18,5" or "18.5" → 18.5; "1.234,5" → 1234.5; anything else → null. */
export function readNumber(s: string): number | null {
  const v = s.trim().replace(/\s/g, '');
  if (!v) return null;
  let n: string;
  if (/^-?\d{1,3}(\.\d{3})+(,\d+)?$/.test(v)) n = v.replace(/\./g, '').replace(',', '.');
  else if (/^-?\d+([.,]\d+)?$/.test(v)) n = v.replace(',', '.');
  else return null;
  const x = Number(n);
  return Number.isFinite(x) ? x : null;
}

/** A URL with its query, leaving out what is empty. */
export function withQuery(url: string, q: Record<string, string | number | null | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== null && v !== undefined && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `${url}?${s}` : url;
}

/** A whole number typed in a form: "" → null (not asked), "2" → 2, anything else → undefined. */
export function readWhole(s: string): number | null | undefined {
  const v = s.trim();
  if (!v) return null;
  return /^\d{1,4}$/.test(v) ? Number(v) : undefined;
}
