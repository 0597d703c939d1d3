import { parse } from 'csv-parse/sync';
import { seedListCsv } from '../support/fixtures';
import { Harness } from '../support/harness';

/** The seed list as rows of cells, header first, and back to CSV text. */
const seedRows = (): string[][] => parse(seedListCsv(), { bom: true, skip_empty_lines: true });
const toCsv = (rows: string[][]) =>
  rows.map((r) => r.map((c) => `"${c.replaceAll('"', '""')}"`).join(',')).join('\r\n') + '\r\n';

/**
 * What deciders and streets read (issue 10): the current decision after a review or a ruling,
 * the context of disputes and reviews, the list browser's versions and matters, and the
 * difference between two list versions.
 */
describe('decision context, current decisions, list versions and their difference', () => {
  const h = new Harness();
  beforeAll(() => h.start({ worker: 'in-api' }));
  afterAll(() => h.stop());

  const get = async (as: string, path: string) => {
    const r = await h.request('GET', path, { as });
    expect({ path, status: r.status }).toEqual({ path, status: 200 });
    return r.body;
  };
  const post = (as: string, path: string, body: unknown) => h.request('POST', path, { as, body });
  async function submit(as: string, body: Record<string, unknown>) {
    const r = await h.request('POST', '/api/tasks', { as, body });
    expect(r.status).toBe(201);
    await h.waitRouted([r.body.id]);
    return r.body as { id: string; assignments: { id: string; streetCode: string }[] };
  }
  const seededId = async () =>
    (await h.db.query(`SELECT id FROM list_version WHERE version = '2025.1'`)).rows[0].id as string;

  it('suggests matters by shared Chinese terms: the garbage-sorting matter first, with a real score', async () => {
    const t = await submit('CGJ', {
      title: '背街小巷生活垃圾分类督导',
      description: '组织街道力量开展背街小巷生活垃圾分类督导和清理,建立台账',
      streetCodes: ['D2-S01'],
      actionType: 'campaign',
      temporary: true,
      deadlineWorkingDays: 5,
      legalBasis: '区政府专项行动方案',
    });
    const queue = await get('WBB', '/api/reviews?state=open&limit=50');
    const item = queue.items.find((i: { id: string }) => i.id === t.assignments[0].id);
    expect(item).toMatchObject({
      title: '背街小巷生活垃圾分类督导',
      streetCode: 'D2-S01',
      legalBasis: '区政府专项行动方案',
      decision: { outcome: 'needs_admission_review', ruleId: 'R4', listVersion: '2025.1' },
    });
    // 生活垃圾分类日常督导: every two-character term of its name but 日常/常督 is in the task.
    expect(item.suggestions[0]).toMatchObject({ matterCode: 'CG-05', name: '生活垃圾分类日常督导' });
    expect(item.suggestions[0].score).toBeGreaterThanOrEqual(0.5);
    for (const s of item.suggestions) expect(s.score).toBeGreaterThan(0);
    // Computed on the first read and kept per task (task_suggestion): the next read answers the same from there.
    const kept = await h.db.query(`SELECT suggestions FROM task_suggestion WHERE task_id = $1`, [t.id]);
    expect(kept.rows.map((r) => r.suggestions)).toEqual([item.suggestions]);
    const again = (await get('WBB', '/api/reviews?state=open&limit=50')).items.find(
      (i: { id: string }) => i.id === item.id,
    );
    expect(again.suggestions).toEqual(item.suggestions);
  });

  it("a refusal in review becomes the assignment's current decision, with the 编办's note, for the department too", async () => {
    const t = await submit('CGJ', {
      title: '街道设立临时指挥部',
      description: '请街道抽调人员组建专班',
      streetCodes: ['D2-S02'],
      actionType: 'campaign',
      temporary: true,
      deadlineWorkingDays: 5,
      demands: ['photo_evidence'],
    });
    const id = t.assignments[0].id;
    const refused = await post('WBB', `/api/reviews/${id}/decide`, {
      decision: 'refuse',
      note: '属部门自身职责,不得转嫁街道',
    });
    expect(refused.status).toBe(200);
    const seen = await get('CGJ', `/api/assignments/${id}`);
    expect(seen).toMatchObject({
      state: 'rejected',
      role: null,
      matterCode: null,
      matter: null,
      decision: {
        outcome: 'refused',
        ruleId: 'REVIEW',
        reason: '编办准入审查决定不予准入:属部门自身职责,不得转嫁街道',
        reasonEn: 'Refused in review by the organisation office: 属部门自身职责,不得转嫁街道',
        strippedDemands: [],
      },
    });
    // The routing decision it replaced is in the timeline.
    expect(seen.timeline.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['routed', 'review']),
    );
    const task = await get('CGJ', `/api/tasks/${t.id}`);
    expect(task.assignments[0].decision.outcome).toBe('refused');
  });

  it('a matter the 编办 picks in review is the one the assignment shows, by name and list text', async () => {
    const t = await submit('CGJ', {
      title: '垃圾分类桶站督导',
      description: '桶站值守',
      streetCodes: ['D2-S03'],
      actionType: 'campaign',
      temporary: true,
      deadlineWorkingDays: 5,
    });
    const id = t.assignments[0].id;
    expect(
      (
        await post('WBB', `/api/reviews/${id}/decide`, {
          decision: 'admit',
          matterCode: 'CG-05',
          note: '属清单',
        })
      ).status,
    ).toBe(200);
    await h.waitRouted([t.id]);
    const a = await get('D2-S03', `/api/assignments/${id}`);
    expect(a).toMatchObject({ matterCode: 'CG-05', matterName: '生活垃圾分类日常督导' });
    expect(a.matter).toMatchObject({
      code: 'CG-05',
      name: '生活垃圾分类日常督导',
      mode: 'STREET_PRINCIPAL',
      principalDept: '街道办事处',
    });
    expect(a.matter.legalBasis).toContain('生活垃圾管理条例');
    const listed = await get('D2-S03', `/api/assignments?limit=50`);
    expect(listed.items.find((x: { id: string }) => x.id === id)).toMatchObject({
      matterCode: 'CG-05',
      matterName: '生活垃圾分类日常督导',
    });
  });

  it('a dispute comes with its task, the disputed decision and both matters; the ruling becomes the current decision', async () => {
    const t = await submit('ZJJ', {
      title: '问题楼盘矛盾化解',
      description: '请街道牵头化解逾期交房引发的群体矛盾',
      streetCodes: ['D3-S01', 'D3-S02'],
      matterCode: 'ZJ-01',
      actionType: 'coordination_mediation',
      deadlineWorkingDays: 10,
      legalBasis: '《城市房地产开发经营管理条例》',
    });
    const before: Record<string, { outcome: string; ruleId: string }> = {};
    for (const [i, upheld] of [
      [0, 'street'],
      [1, 'department'],
    ] as const) {
      const { id, streetCode } = t.assignments[i];
      const a = await get(streetCode, `/api/assignments/${id}`);
      before[streetCode] = a.decision;
      expect(a.matter).toMatchObject({ code: 'ZJ-01', principalDept: '区住房和城乡建设局' });
      expect(
        (
          await post(streetCode, `/api/assignments/${id}/dispute`, {
            version: a.version,
            reasonCode: 'principal_is_department',
            citedMatterCode: 'ZJ-01',
            reason: '清单载明由住建局牵头处置',
          })
        ).status,
      ).toBe(200);
      const open = await get('WBB', '/api/disputes?state=open');
      const d = open.items.find((x: { assignmentId: string }) => x.assignmentId === id);
      expect(d).toMatchObject({
        taskId: t.id,
        taskTitle: '问题楼盘矛盾化解',
        taskDescription: '请街道牵头化解逾期交房引发的群体矛盾',
        legalBasis: '《城市房地产开发经营管理条例》',
        streetCode,
        departmentCode: 'ZJJ',
        decision: { outcome: a.decision.outcome, ruleId: a.decision.ruleId, reason: a.decision.reason },
        matter: { code: 'ZJ-01', name: a.matter.name, principalDuties: a.matter.principalDuties },
        citedMatter: { code: 'ZJ-01', streetSupportingDuties: a.matter.streetSupportingDuties },
      });
      const ruled = await post('WBB', `/api/disputes/${d.id}/decide`, { upheld, note: '依清单裁定' });
      expect(ruled.status).toBe(200);
      // The ruling's answer still shows the decision that was disputed, for the record.
      expect(ruled.body.decision).toMatchObject({ ruleId: a.decision.ruleId });
      const after = await get('ZJJ', `/api/assignments/${id}`);
      expect(after.decision.ruleId).toBe('ARBITRATION');
      if (upheld === 'street') {
        expect(after).toMatchObject({ state: 'rejected', role: null });
        expect(after.decision).toMatchObject({
          outcome: 'refused',
          reason: '编办争议裁定支持街道,不予准入:依清单裁定',
          strippedDemands: [],
        });
      } else {
        expect(after).toMatchObject({ state: 'awaiting_signoff', role: a.role });
        expect(after.decision).toMatchObject({
          outcome: a.decision.outcome,
          reason: `编办争议裁定支持部门,维持原决定(${a.decision.ruleId}):依清单裁定`,
          strippedDemands: a.decision.strippedDemands,
        });
      }
    }
    const decided = await get('WBB', '/api/disputes?state=decided');
    expect(
      decided.items
        .filter((x: { taskId: string }) => x.taskId === t.id)
        .map((x: { decision: { ruleId: string } }) => x.decision.ruleId),
    ).toEqual([before['D3-S02'].ruleId, before['D3-S01'].ruleId]);
  });

  describe('list versions for everyone, the matters of a version, and the difference between two', () => {
    let draftId = '';
    beforeAll(async () => {
      const rows = seedRows();
      const col = (name: string) => rows[0].indexOf(name);
      // 2026.1: HB-01 removed, MZ-01's duties changed, a new matter XX-01 added.
      const hb = rows.findIndex((r) => r[0] === 'HB-01');
      rows.splice(hb, 1);
      rows.find((r) => r[0] === 'MZ-01')![col('principal_duties')] = '受理、入户调查、审核上报';
      const added = [...rows.find((r) => r[0] === 'MZ-01')!];
      added[col('code')] = 'XX-01';
      added[col('matter_name')] = '新增测试事项';
      rows.push(added);
      const f = new FormData();
      f.append('file', new Blob([toCsv(rows)], { type: 'text/csv' }), 'list.csv');
      f.append('version', '2026.1');
      f.append('effectiveFrom', '2030-01-01');
      const up = await h.request('POST', '/api/lists', { as: 'WBB', rawBody: f });
      expect(up.status).toBe(201);
      draftId = up.body.id;
      // R8 gets a new outcome, and R2 moves below R3.
      const rules = (await get('WBB', `/api/lists/${draftId}/rules`)).rules;
      const r8 = rules.findIndex((r: { id: string }) => r.id === 'R8');
      rules[r8] = { ...rules[r8], outcome: 'admit' };
      [rules[1], rules[2]] = [rules[2], rules[1]];
      expect(
        (await h.request('PUT', `/api/lists/${draftId}/rules`, { as: 'WBB', body: { rules } })).status,
      ).toBe(200);
    });

    it('lists the published versions for every role, the one in force marked; drafts for the reviewer only', async () => {
      const seeded = await seededId();
      for (const who of ['D1-S01', 'MZJ', 'ZFB', 'admin']) {
        const versions = await get(who, '/api/lists');
        expect(versions).toEqual([expect.objectContaining({ id: seeded, version: '2025.1', inForce: true })]);
      }
      const reviewer = await get('WBB', '/api/lists');
      expect(reviewer.map((v: { version: string; inForce: boolean }) => [v.version, v.inForce])).toEqual([
        ['2026.1', false],
        ['2025.1', true],
      ]);
    });

    it('searches the matters of a version by text and category; a draft is 404 to a street', async () => {
      const seeded = await seededId();
      const all = await get('D1-S01', `/api/lists/${seeded}/matters`);
      expect(all).toMatchObject({ listId: seeded, version: '2025.1', status: 'published' });
      expect(all.items).toHaveLength(61);
      const byCategory = await get(
        'D1-S01',
        `/api/lists/${seeded}/matters?category=${encodeURIComponent('民政')}`,
      );
      expect(byCategory.items.length).toBeGreaterThan(0);
      expect(byCategory.items.every((m: { category: string }) => m.category === '民政')).toBe(true);
      const searched = await get(
        'D1-S01',
        `/api/lists/${seeded}/matters?q=${encodeURIComponent('垃圾分类')}`,
      );
      expect(searched.items.map((m: { code: string }) => m.code)).toContain('CG-05');
      expect((await h.request('GET', `/api/lists/${draftId}/matters`, { as: 'D1-S01' })).status).toBe(404);
      expect((await get('WBB', `/api/lists/${draftId}/matters`)).items).toHaveLength(61);
    });

    it('names the added, removed and changed matters and rules between two versions', async () => {
      const seeded = await seededId();
      const diff = await get('WBB', `/api/lists/${draftId}/diff?from=${seeded}`);
      expect(diff.from).toEqual({ id: seeded, version: '2025.1' });
      expect(diff.to).toEqual({ id: draftId, version: '2026.1' });
      expect(diff.matters.added.map((m: { code: string }) => m.code)).toEqual(['XX-01']);
      expect(diff.matters.removed.map((m: { code: string }) => m.code)).toEqual(['HB-01']);
      expect(diff.matters.changed).toEqual([
        {
          key: 'MZ-01',
          label: expect.stringContaining('最低生活保障'),
          changes: [
            {
              field: 'principalDuties',
              before: '受理、入户调查、民主评议、审核上报',
              after: '受理、入户调查、审核上报',
            },
          ],
        },
      ]);
      expect(diff.rules.added).toEqual([]);
      expect(diff.rules.removed).toEqual([]);
      expect(diff.rules.changed).toEqual([
        { key: 'R3', label: expect.any(String), changes: [{ field: 'position', before: 3, after: 2 }] },
        { key: 'R2', label: expect.any(String), changes: [{ field: 'position', before: 2, after: 3 }] },
        {
          key: 'R8',
          label: expect.any(String),
          changes: [{ field: 'outcome', before: 'support_only', after: 'admit' }],
        },
      ]);
      // The other way round, added and removed swap.
      const back = await get('WBB', `/api/lists/${seeded}/diff?from=${draftId}`);
      expect(back.matters.added.map((m: { code: string }) => m.code)).toEqual(['HB-01']);
      expect(back.matters.removed.map((m: { code: string }) => m.code)).toEqual(['XX-01']);
      // A draft is the reviewer's; a bad `from` is 400.
      expect(
        (await h.request('GET', `/api/lists/${draftId}/diff?from=${seeded}`, { as: 'MZJ' })).status,
      ).toBe(404);
      const bad = await h.request('GET', `/api/lists/${seeded}/diff?from=2025.1`, { as: 'WBB' });
      expect(bad).toMatchObject({
        status: 400,
        body: { details: [expect.objectContaining({ field: 'from' })] },
      });
    });

    it("explains a bad routing table in the user's language", async () => {
      const rules = (await get('WBB', `/api/lists/${draftId}/rules`)).rules;
      const put = (lang: string) =>
        h.request('PUT', `/api/lists/${draftId}/rules`, {
          as: 'WBB',
          body: { rules: [...rules.slice(0, -1), { ...rules[0], id: 'R1' }] },
          headers: { 'accept-language': lang },
        });
      const zh = await put('zh-CN');
      expect(zh.status).toBe(400);
      expect(zh.body.details).toEqual([{ field: 'rules[7].id', message: '规则编号重复' }]);
      expect((await put('en')).body.details).toEqual([
        { field: 'rules[7].id', message: 'duplicate rule id' },
      ]);
    });
  });
});
