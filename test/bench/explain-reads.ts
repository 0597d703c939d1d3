import { Client } from 'pg';
import { planOf, readStatements } from './read-statements';

/**
 * `node dist/test/bench/explain-reads.js <database url> [filter] [--summary] [--generic]`: EXPLAIN (ANALYZE,
 * BUFFERS) of every statement behind the scale bench's reads, built by the repositories
 * themselves, for the busiest street and department of the database, with the index each is meant
 * to use. `--summary` prints one line per statement instead: execution time, buffers of the whole
 * plan, the indexes it read and any sequential scan. What docs/architecture.md's scale section cites.
 * `--generic`: the generic plan, the one PostgreSQL keeps for the API's prepared reads.
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const summary = args.includes('--summary');
  const generic = args.includes('--generic');
  const [url, filter] = args.filter((a) => !a.startsWith('--'));
  const db = new Client({ connectionString: url });
  await db.connect();
  for (const st of await readStatements(db)) {
    if (filter && !st.name.includes(filter)) continue;
    const plan = await planOf(db, st, 'ANALYZE, BUFFERS, COSTS OFF', generic).catch((e: Error) => e.message);
    if (!summary) {
      console.log(`\n=== ${st.name} (index: ${st.index.join(' or ')})\n${plan}`);
      continue;
    }
    const ms = /Execution Time: ([\d.]+)/.exec(plan)?.[1];
    const top = /Buffers: shared((?: \w+=\d+)+)/.exec(plan)?.[1] ?? '';
    const buffers = [...top.matchAll(/(hit|read)=(\d+)/g)].reduce((n, m) => n + Number(m[2]), 0);
    const indexes = [
      ...new Set(
        [
          ...plan.matchAll(
            /(Index Only Scan|Index Scan|Bitmap Index Scan)(?: Backward)? (?:using|on) (\w+)/g,
          ),
        ].map((m) => `${m[2]}${m[1] === 'Index Only Scan' ? ' (index-only)' : ''}`),
      ),
    ];
    const seq = [...new Set([...plan.matchAll(/Seq Scan on (\w+)/g)].map((m) => m[1]))];
    console.log(
      [
        st.name,
        `${ms} ms`,
        `${buffers} buffers`,
        indexes.join(', '),
        seq.length ? `seq: ${seq.join(', ')}` : '',
      ].join(' | '),
    );
  }
  await db.end();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
