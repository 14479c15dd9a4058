import { describe, expect, it } from 'vitest';
import { formatBytes, formatClock, progressText, statusText } from '../../../demo/common/format.js';
import type { ProgressUnit } from '../../../src/index.js';

const unit = (fields: Partial<ProgressUnit>): ProgressUnit => ({ index: null, length: null, unit: null, progress: null, desc: null, ...fields });

describe('formatClock', () => {
  it('shows m:ss under an hour and h:mm:ss beyond', () => {
    expect(formatClock(90_000)).toBe('1:30');
    expect(formatClock(5_000)).toBe('0:05');
    expect(formatClock(3_723_000)).toBe('1:02:03');
  });

  it('rounds up, so a countdown reaches 0:00 only when the time has passed', () => {
    expect(formatClock(89_001)).toBe('1:30');
    expect(formatClock(1)).toBe('0:01');
    expect(formatClock(0)).toBe('0:00');
    expect(formatClock(-500)).toBe('0:00');
  });
});

describe('progressText', () => {
  it('shows done/total steps as tqdm counts them', () => {
    expect(progressText(unit({ index: 2, length: 4, unit: 'steps', desc: 'Reading the prompt' }))).toBe('Reading the prompt 2/4 steps');
  });

  it('shows a fraction as a percentage', () => {
    expect(progressText(unit({ progress: 0.4, desc: 'Loading' }))).toBe('Loading 40%');
  });

  it('names an unnamed unit "working"', () => {
    expect(progressText(unit({}))).toBe('working');
  });
});

describe('statusText', () => {
  it('numbers queue positions from 1 and adds the eta when there is one', () => {
    expect(statusText({ type: 'queued', eventId: 'e', position: 1, queueSize: 2, etaSeconds: 1.44 })).toBe('queued: position 2 of 2 · eta 1.4 s');
    expect(statusText({ type: 'queued', eventId: 'e' })).toBe('queued');
  });

  it('describes starts, uploads and logs', () => {
    expect(statusText({ type: 'started', eventId: 'e', etaSeconds: 0.5 })).toBe('started · eta 0.5 s');
    expect(statusText({ type: 'uploading', files: [{ name: 'cat.png', size: 2_100 }] })).toBe('uploading cat.png (2.1 kB)');
    expect(statusText({ type: 'log', eventId: 'e', level: 'warning', message: 'GPU busy' })).toBe('warning: GPU busy');
  });

  it('names the stage of a Space that wakes up, with its message', () => {
    expect(statusText({ type: 'space-status', stage: 'building', message: 'owner/demo is building' })).toBe('Space building: owner/demo is building');
    expect(statusText({ type: 'space-status', stage: 'running' })).toBe('Space running');
  });

  it('says nothing for answer events', () => {
    expect(statusText({ type: 'generating', eventId: 'e', data: ['x'] })).toBeUndefined();
    expect(statusText({ type: 'completed', eventId: 'e', data: ['x'] })).toBeUndefined();
  });
});

describe('formatBytes', () => {
  it('uses B, kB and MB', () => {
    expect([formatBytes(506), formatBytes(2_100), formatBytes(3_400_000)]).toEqual(['506 B', '2.1 kB', '3.4 MB']);
  });
});
