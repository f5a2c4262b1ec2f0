// history.ts — the chart of one target over the months: the commune's figure as its roll-up
// defines it (a flow's running total, a stock's latest counts), the months some units have not
// reported marked, no line across a month without a figure, and the target as a line (or a band).
import { num } from './format';
import { t } from './texts';

export function monthLabel(period: string): string {
  const q = /^\d{4}-Q(\d)$/.exec(period);
  return q ? t.quarterShort(Number(q[1])) : t.monthShort(Number(period.slice(5, 7)));
}

/** The months, or the quarters when the target is reported by quarter or by year (no month has a figure). */
function steps(h: any): any[] {
  const some = (list: any[]) => (list ?? []).some((m: any) => typeof m.actual === 'number');
  return some(h.months) || !some(h.quarters) ? h.months : h.quarters;
}

export function isNumeric(target: any): boolean {
  return target && target.op !== 'yes' && target.op !== 'done' && target.op !== 'list' && !target.items && typeof target.value === 'number';
}

/** The commune's figure at the end of each period as the roll-up defines it: a flow's running
 * total, a stock's latest count of each unit (the server's "cumulative"); else the period's own. */
function toDate(measure: string, target: any): boolean {
  const flow = measure === 'flow' && !target?.change;
  return flow || measure === 'level' || measure === 'buildup';
}

/** The periods charted up to the last one with a figure (later ones have not happened yet), each
 * with the units that had not reported it. */
export function missingPeriods(h: any): { label: string; units: string[] }[] {
  const periods = steps(h);
  const last = lastFigured(periods);
  return periods.filter((m: any, i: number) => i <= last && (m.missing_units ?? []).length > 0)
    .map((m: any) => ({ label: monthLabel(m.period), units: m.missing_units }));
}

function lastFigured(periods: any[]): number {
  return periods.reduce((k: number, m: any, i: number) => (typeof m.actual === 'number' ? i : k), -1);
}

export function historyOption(h: any, target: any, measure: string): any {
  const flow = measure === 'flow' && !target?.change;
  const running = toDate(measure, target);
  const periods = steps(h);
  const byQuarter = periods === h.quarters;
  const x = periods.map((m: any) => monthLabel(m.period) + ((m.missing_units ?? []).length && typeof m.actual === 'number' ? '*' : ''));
  const asNum = (v: any) => (typeof v === 'number' ? v : null);
  // the line stops at the last period with a figure, and breaks at a period where no unit reported
  const last = lastFigured(periods);
  const goal: any[] = [];
  if (isNumeric(target)) {
    goal.push({ yAxis: target.value, name: t.target, label: { position: 'insideEndTop', formatter: `${t.target}: ${num(target.value)}` } });
    if (typeof target.high === 'number')
      goal.push({ yAxis: target.high, name: t.target, label: { position: 'insideEndTop', formatter: num(target.high) } });
  }
  const point = (m: any, i: number) => {
    const v = i <= last && typeof m.actual === 'number' ? asNum(running ? m.cumulative : m.actual) : null;
    /* a period some units have not reported yet: a hollow orange point, and "*" on the axis */
    return v !== null && (m.missing_units ?? []).length ? { value: v, symbol: 'emptyCircle', symbolSize: 10, itemStyle: { color: '#9a4a00' } } : v;
  };
  const line = {
    name: flow ? t.cumulative : t.actual, type: 'line', connectNulls: false, symbolSize: 7,
    data: periods.map(point),
    itemStyle: { color: '#0b4ea2' },
    markLine: goal.length ? { symbol: 'none', lineStyle: { color: '#a3161a', type: 'dashed' }, data: goal } : undefined,
  };
  const series: any[] = [line];
  if (flow)
    series.unshift({ name: byQuarter ? t.inQuarter : t.inMonth, type: 'bar', data: periods.map((m: any) => asNum(m.actual)), itemStyle: { color: '#9ec1e8' } });
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: any) => (v === null || v === undefined ? '—' : num(v)) },
    legend: { top: 0 },
    grid: { left: 8, right: 16, bottom: 8, top: 36, containLabel: true },
    xAxis: { type: 'category', data: x },
    // ECharts sizes the axis to the data only; a target above every figure would fall off it
    yAxis: { type: 'value', name: h.unit ?? target?.unit ?? '', axisLabel: { formatter: (v: number) => num(v) },
      max: (e: { max: number }) => Math.max(e.max, ...goal.map((g) => g.yAxis)) },
    series,
  };
}

/** The chart in words, for a screen reader: the target, then each period that has a figure. */
export function historySummary(h: any): string {
  const running = toDate(h.measure, h.target);
  const shown = steps(h).filter((m: any) => typeof m.actual === 'number');
  const figures = shown.map((m: any) => `${monthLabel(m.period)}: ${num(running ? m.cumulative : m.actual)}` +
    ((m.missing_units ?? []).length ? ` (${t.unitsMissing(m.missing_units.length)})` : '')).join('; ');
  /* one unit's history is told against its own target (none when it was given none) */
  const target = h.org_unit ? h.target?.text : h.target_text;
  return `${t.target}: ${target ?? '—'}. ${figures || t.verdicts.no_data}`;
}
