// api.ts — the one way the front end talks to the server: JSON, the session cookie, the CSRF
// token on every change, and the server's Vietnamese error message in the thrown Error.
let csrf = sessionStorage.getItem('thidua.csrf') ?? '';

export class ApiError extends Error {
  constructor(public status: number, public code: string, message: string, public details: unknown) {
    super(message);
  }
}

async function call<T>(method: string, url: string, body?: unknown, type = 'application/json'): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['Content-Type'] = type;
  if (method !== 'GET' && csrf) headers['X-CSRF-Token'] = csrf;
  const payload = body === undefined ? undefined : body instanceof ArrayBuffer ? body : JSON.stringify(body);
  const r = await fetch(url, { method, headers, body: payload, credentials: 'same-origin' });
  if (r.status === 204) return undefined as T;
  const data = await r.json().catch(() => ({}));
  if (!r.ok) {
    const e = data.error ?? {};
    throw new ApiError(r.status, e.code ?? 'error', e.message ?? `HTTP ${r.status}`, e.details);
  }
  return data as T;
}

export interface User { id: number; username: string; display_name: string; role: string; role_label: string; org_unit: string | null; org_unit_name?: string | null; disabled?: boolean }

export const api = {
  get: <T>(url: string) => call<T>('GET', url),
  put: <T>(url: string, body: unknown) => call<T>('PUT', url, body),
  post: <T>(url: string, body: unknown) => call<T>('POST', url, body),
  patch: <T>(url: string, body: unknown) => call<T>('PATCH', url, body),
  del: <T>(url: string) => call<T>('DELETE', url),
  /** POSTs a file's bytes as they are (a .docx upload), with its content type. */
  raw: <T>(url: string, type: string, bytes: ArrayBuffer) => call<T>('POST', url, bytes, type),
  async login(username: string, password: string): Promise<User> {
    const r = await call<{ user: User; csrf_token: string }>('POST', '/api/v1/auth/login', { username, password });
    csrf = r.csrf_token;
    sessionStorage.setItem('thidua.csrf', csrf);
    return r.user;
  },
  async logout() {
    await call('POST', '/api/v1/auth/logout', {}).catch(() => undefined);
    csrf = '';
    sessionStorage.removeItem('thidua.csrf');
  },
  async me(): Promise<User | null> {
    try {
      return (await call<{ user: User }>('GET', '/api/v1/auth/me')).user;
    } catch {
      return null;
    }
  },
};
