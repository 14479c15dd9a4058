import { describe, expect, it } from 'vitest';
import { Screen } from '../../../demo/terminal/screen.js';

function capture(isTTY: boolean): { out: { write: (text: string) => void; isTTY: boolean }; text: () => string } {
  let written = '';
  return { out: { write: (text: string) => void (written += text), isTTY }, text: () => written };
}

describe('Screen in a terminal', () => {
  it('rewrites the status line in place and clears it before the answer', () => {
    const { out, text } = capture(true);
    const screen = new Screen(out, false);
    screen.status('queued: position 2 of 2');
    screen.status('started');
    screen.write('Paris');
    expect(text()).toBe('\r\x1b[K… queued: position 2 of 2\r\x1b[K… started\r\x1b[KParis');
  });

  it('paints with ANSI colours only when asked to', () => {
    expect(new Screen(capture(true).out, true).paint('red', 'x')).toBe('\x1b[31mx\x1b[39m');
    expect(new Screen(capture(true).out, false).paint('red', 'x')).toBe('x');
  });
});

describe('Screen in a pipe', () => {
  it('writes each new status as a line of its own, once', () => {
    const { out, text } = capture(false);
    const screen = new Screen(out);
    screen.status('queued');
    screen.status('queued');
    screen.status('started');
    screen.write('Paris.');
    screen.line('57 tokens');
    expect(text()).toBe('… queued\n… started\nParis.\n57 tokens\n');
  });
});
