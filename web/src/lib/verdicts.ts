// verdicts.ts — one word for one verdict on every page: "Chưa đạt" while a period runs (there is
// still time), "Không đạt" once it is over; the tiles, the cards and the charts all ask here.
import { t } from './texts';

export function verdictWord(verdict: string, final: boolean): string {
  return verdict === 'not_achieved' && !final ? t.verdicts.not_achieved_running : t.verdicts[verdict] ?? verdict;
}
