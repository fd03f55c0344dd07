import { runChild } from './child';
import { formatMs, median, repeat } from './stats';
import { formatRatio, type Row, verdictOf } from './table';

const ROUNDS = 5;

interface ListResult {
  ms: number;
  count: number;
  total: number;
}

/** Listing the whole library in a cold process: ours (index) against a plain manifest loop. */
export async function benchLibraryList(
  home: string,
  renders: number,
): Promise<{ row: Row; note: string }> {
  const ours: number[] = [];
  const plain: number[] = [];
  await repeat(ROUNDS, async (round) => {
    const measure = async (script: string, into: number[]) => {
      const result = await runChild<ListResult>(script, { home });
      if (result.count !== renders)
        throw new Error(`${script} listed ${result.count} of ${renders}`);
      into.push(result.ms);
    };
    const order: Array<[string, number[]]> = [
      ['./library-list.child.ts', ours],
      ['./library-plain.child.ts', plain],
    ];
    if (round % 2 === 1) order.reverse();
    for (const [script, into] of order) await measure(script, into);
  });
  const ratio = median(ours) / median(plain);
  return {
    row: {
      what: `library: list ${renders.toLocaleString('en')} renders (cold process)`,
      ours: formatMs(median(ours)),
      reference: `plain loop ${formatMs(median(plain))}`,
      ratio: formatRatio(ratio),
      target: '< 300 ms and ≤ 1.0× the plain loop',
      verdict: verdictOf(median(ours) < 300 && ratio <= 1),
    },
    note: `Library list: ${ROUNDS} rounds alternating which goes first, each in a fresh Node process, timed inside it after its modules are loaded. Ours = createLibrary({home}) + list() (loads index.json, checks it against the render folders, sorts newest first: every item is the full manifest). Reference = readdir of renders/ + readFile + JSON.parse of each render.json, one after another. The OS file cache is warm for both (caches are not dropped). Per round, ours: ${ours.map(formatMs).join(', ')}; plain: ${plain.map(formatMs).join(', ')}.`,
  };
}
