import { ProgressLine, renderProgress } from './progress.js';

describe('Progress rendering', () => {
  it('draws a bar in proportion, the percentage, the counts and the non-zero statuses', () => {
    const line = renderProgress(
      { label: 'assigning', done: 2500, total: 10_000, detail: { confirmed: 2400, refused: 100, pending: 0 } },
      100,
    );
    expect(line).toMatch(/^assigning \[(█+)(░+)\]  25% 2,500\/10,000 confirmed 2,400 refused 100$/);
    const [, full, empty] = /\[(█+)(░+)\]/.exec(line)!;
    expect(full!.length / (full!.length + empty!.length)).toBeCloseTo(0.25, 1);
  });

  it('shows a full bar at the end, a counter when the total is unknown, and never exceeds the width', () => {
    expect(renderProgress({ label: 'x', done: 3, total: 3 })).toMatch(/\[█+\] 100% 3\/3$/);
    expect(renderProgress({ label: 'rebuilding', done: 12_345, total: null, detail: { chargers: 99 } })).toBe(
      'rebuilding 12,345 chargers 99',
    );
    expect(renderProgress({ label: 'a'.repeat(50), done: 1, total: 2, detail: { confirmed: 1 } }, 40).length).toBe(40);
  });

  it('redraws in place on a terminal and writes one line per tenth otherwise', () => {
    const tty: string[] = [];
    const onTty = new ProgressLine({ isTTY: true, columns: 60, write: (t) => tty.push(t) > 0 });
    onTty.update({ label: 'l', done: 1, total: 10 });
    onTty.finish();
    expect(tty[0]).toMatch(/^\r\x1b\[2Kl \[/);
    expect(tty.at(-1)).toBe('\n');

    const plain: string[] = [];
    const piped = new ProgressLine({ write: (t) => plain.push(t) > 0 });
    for (let done = 0; done <= 100; done++) piped.update({ label: 'l', done, total: 100 });
    expect(plain).toHaveLength(11);
    expect(plain.every((l) => l.endsWith('\n'))).toBe(true);
    // The state it stopped at is written at the end, when it fell between two tenths.
    piped.update({ label: 'l', done: 100, total: 100, detail: { refused: 1 } });
    piped.finish();
    expect(plain.at(-1)).toMatch(/100% 100\/100 refused 1\n$/);
  });
});
