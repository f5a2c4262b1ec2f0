// city.ts — what the city officer's pages share: the period asked (kept across the three pages)
// and the one way they read a city view, dropping an answer for a period no longer chosen.
import { api } from './api';
import { today } from './format';

export const cityPeriod = $state({ code: today().slice(0, 4) });

export function cityYear(): number {
  return Number(cityPeriod.code.slice(0, 4));
}

/** Loads /api/v1/city/{view} for the period; calls done with the answer or the error message.
 * Returns the function that drops a late answer (an $effect's cleanup). */
export function loadCityView(view: string, period: string, done: (r: any, error: string) => void): () => void {
  let live = true;
  api.get<any>(`/api/v1/city/${view}?period=${period}`)
    .then((r) => { if (live) done(r, ''); })
    .catch((e) => { if (live) done(null, e.message); });
  return () => { live = false; };
}
