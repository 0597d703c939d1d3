import type { Client } from 'pg';
import { decisionViewJson, matterViewJson } from '@app/persistence';

/**
 * Decisions and matters whose kept JSON (`view_json`, migration StoredViewJson) is not their row
 * built into the same JSON afresh, as text: empty when the triggers kept every row. One statement,
 * so one snapshot; the rows' keys, at most 20 of each.
 */
export async function viewJsonMismatches(db: Client): Promise<unknown[]> {
  const r = await db.query(
    `(SELECT 'decision' AS "table", d.id::text AS key, d.view_json::text AS kept, ${decisionViewJson('d')}::text AS fresh
        FROM decision d WHERE d.view_json::text IS DISTINCT FROM ${decisionViewJson('d')}::text LIMIT 20)
     UNION ALL
     (SELECT 'matter', m.list_version_id || ':' || m.code, m.view_json::text, ${matterViewJson('m')}::text
        FROM matter m WHERE m.view_json::text IS DISTINCT FROM ${matterViewJson('m')}::text LIMIT 20)`,
  );
  return r.rows;
}
