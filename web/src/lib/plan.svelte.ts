// plan.svelte.ts — which plan the pages show. A commune may hold several plans (last year's,
// one just imported from its text); the choice is kept in the browser between visits.
import { api } from './api';
import { today } from './format';

export const plans = $state({ items: [] as any[], id: 0, loaded: false });

export async function loadPlans(): Promise<void> {
  // a city officer's plans are its communes' (Hải Phòng has 114): the API's largest page
  const r = await api.get<any>('/api/v1/plans?limit=500');
  plans.items = r.items;
  const kept = Number(localStorage.getItem('thidua.plan') ?? 0);
  plans.id = r.items.some((p: any) => p.id === kept) ? kept : r.items[0]?.id ?? 0;
  plans.loaded = true;
}

export function choosePlan(id: number): void {
  plans.id = id;
  localStorage.setItem('thidua.plan', String(id));
}

export function currentPlan(): any {
  return plans.items.find((p) => p.id === plans.id) ?? null;
}

export function planYear(p: any): number {
  return Number(String(p?.period?.start ?? '').slice(0, 4)) || Number(today().slice(0, 4));
}
