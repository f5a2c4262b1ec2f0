// people.ts — who changed something, as users know them: an account's display name when the
// server lists accounts to this user (the admin), the command line as such, never "cli:root".
import { api } from './api';
import { t } from './texts';

let names: Record<string, string> | null = null;

/** The display names of the accounts, once per session; empty for a role that may not list them. */
export async function loadPeople(role: string): Promise<Record<string, string>> {
  if (names) return names;
  names = {};
  if (role === 'admin')
    try {
      const r = await api.get<any>('/api/v1/users');
      names = Object.fromEntries(r.items.map((u: any) => [u.username, u.display_name]));
    } catch { /* the usernames stay */ }
  return names;
}

/** "cli:root" → "Dòng lệnh (root)"; "thaolai" → the account's display name when known. */
export function person(actor: string | null | undefined, known: Record<string, string>): string {
  if (!actor) return '';
  if (actor.startsWith('cli:')) return t.commandLine(actor.slice(4));
  return known[actor] ?? actor;
}
