/**
 * The picture of a bench run: for every scenario, events/s and CPU µs per event of each client
 * as horizontal bars (the median) with a whisker for the min–max range over the rounds. One
 * SVG, no dependencies, written next to latest.md and shown in the README.
 */
import type { BenchRun } from './harness.js';
import { metricSpread } from './report.js';
import type { ClientName } from './scenarios.js';
import type { Spread } from './stats.js';

const colors: Record<ClientName, string> = { 'gradio-rx': '#e8590c', official: '#1c7ed6', floor: '#868e96', 'floor-rx': '#ced4da' };

const panels = [
  { key: 'eventsPerSecond', label: 'events/s (longer is better)', format: (value: number) => Math.round(value).toLocaleString('en-US') },
  { key: 'cpuPerEvent', label: 'CPU µs per event (shorter is better)', format: (value: number) => value.toFixed(1) },
] as const;

const width = 880;
const labelWidth = 90;
const panelWidth = (width - labelWidth - 30) / 2;
const barHeight = 14;
const barGap = 5;
const scenarioGap = 16;
/** The title, and the legend on the line below it. */
const headerHeight = 58;

/** The SVG of a run; scenarios without a successful measurement are left out. */
export function renderChart(run: BenchRun, title = 'gradio-rx benchmark'): string {
  const parts: string[] = [];
  let y = headerHeight;
  for (const scenario of run.scenarios) {
    const clients = scenario.clients.filter((client) => metricSpread(run, scenario.id, client, 'eventsPerSecond') !== undefined);
    if (clients.length === 0) continue;
    parts.push(text(10, y + 12, `(${scenario.id}) ${scenario.title}`, { weight: 'bold' }));
    y += 22;
    panels.forEach((panel, index) => {
      const left = labelWidth + index * (panelWidth + 20);
      const spreads = clients.map((client) => metricSpread(run, scenario.id, client, panel.key)).filter((value): value is Spread => value !== undefined);
      const scale = Math.max(...spreads.map((value) => value.max)) || 1;
      parts.push(text(left, y + 9, panel.label, { size: 11, fill: '#495057' }));
      clients.forEach((client, row) => {
        const value = metricSpread(run, scenario.id, client, panel.key);
        const top = y + 16 + row * (barHeight + barGap);
        if (index === 0) parts.push(text(10, top + barHeight - 3, client, { size: 12 }));
        if (value === undefined) return;
        parts.push(bar(left, top, (value.median / scale) * (panelWidth - 70), colors[client], `${client}: median ${panel.format(value.median)}, min ${panel.format(value.min)}, max ${panel.format(value.max)}`));
        parts.push(whisker(left + (value.min / scale) * (panelWidth - 70), left + (value.max / scale) * (panelWidth - 70), top + barHeight / 2));
        parts.push(text(left + (value.max / scale) * (panelWidth - 70) + 6, top + barHeight - 3, panel.format(value.median), { size: 11 }));
      });
    });
    y += 16 + clients.length * (barHeight + barGap) + scenarioGap;
  }
  const legendClients = Object.keys(colors) as ClientName[];
  const legendLeft = 10;
  const legend = legendClients
    .map((client, index) => `<rect x="${legendLeft + index * 100}" y="30" width="12" height="12" fill="${colors[client]}"/>${text(legendLeft + 16 + index * 100, 40, client, { size: 12 })}`)
    .join('');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y}" viewBox="0 0 ${width} ${y}" font-family="system-ui, -apple-system, Segoe UI, sans-serif">`,
    `<title>${escape(title)}</title>`,
    `<rect width="${width}" height="${y}" fill="#ffffff"/>`,
    text(10, 22, `${title}: median of ${run.rounds} round(s), whiskers min–max`, { weight: 'bold', size: 14 }),
    legend,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}

function bar(x: number, y: number, length: number, fill: string, tooltip: string): string {
  return `<rect x="${x.toFixed(1)}" y="${y}" width="${Math.max(1, length).toFixed(1)}" height="${barHeight}" fill="${fill}"><title>${escape(tooltip)}</title></rect>`;
}

function whisker(from: number, to: number, y: number): string {
  const tick = (x: number): string => `<line x1="${x.toFixed(1)}" y1="${y - 4}" x2="${x.toFixed(1)}" y2="${y + 4}" stroke="#212529"/>`;
  return `<line class="range" x1="${from.toFixed(1)}" y1="${y}" x2="${to.toFixed(1)}" y2="${y}" stroke="#212529"/>${tick(from)}${tick(to)}`;
}

function text(x: number, y: number, content: string, style: { size?: number; weight?: string; fill?: string } = {}): string {
  const attributes = [`x="${x.toFixed(1)}"`, `y="${y}"`, `font-size="${style.size ?? 13}"`];
  if (style.weight !== undefined) attributes.push(`font-weight="${style.weight}"`);
  if (style.fill !== undefined) attributes.push(`fill="${style.fill}"`);
  return `<text ${attributes.join(' ')}>${escape(content)}</text>`;
}

function escape(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
