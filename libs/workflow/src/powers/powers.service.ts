import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type {
  DelegatedPowerReport,
  EnforcementCaseParams,
  EnforcementCasePage,
  EnforcementCaseView,
  PowerView,
  RecordCaseBody,
} from '@app/contract';
import {
  caseInputProblems,
  DomainError,
  isUuid,
  parseReportPeriod,
  periodInFuture,
  powerNotHeld,
  shanghaiDate,
  validationError,
  type Clock,
} from '@app/domain';
import { ListRepository, OrganisationRepository, PowerRepository } from '@app/persistence';
import { scopeOf, type Actor } from '../actor';
import { exportTable, type ExportedFile, type ExportFormat } from '../export/table-export';
import { parseCursor } from '../pagination';
import { CLOCK } from '../tokens';
import { seesDrafts } from '../lists/lists.service';

const isStreet = (actor: Actor) => actor.roles.includes('street');

/** The day before a YYYY-MM-DD day. */
const dayBefore = (day: string) =>
  new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/**
 * Delegated enforcement powers (赋权事项): the catalogue of the list version in force, the cases
 * streets record under the powers they hold, and the report of how the powers are used.
 */
@Injectable()
export class PowersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly powers: PowerRepository,
    private readonly lists: ListRepository,
    private readonly orgs: OrganisationRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private today(): string {
    return shanghaiDate(this.clock.now());
  }

  /** The catalogue in force today; for a street, `held` says which entries it holds. */
  async inForce(actor: Actor): Promise<PowerView[]> {
    const tx = this.dataSource.manager;
    const v = await this.lists.inForce(tx, this.today());
    if (!v) return [];
    return this.powers.catalogue(tx, v.id, isStreet(actor) ? actor.orgCode : null);
  }

  /** A version's catalogue (a draft's only for the reviewer, like its matters and rules). */
  async ofVersion(actor: Actor, listId: string): Promise<PowerView[]> {
    const tx = this.dataSource.manager;
    const v = isUuid(listId) ? await this.lists.findVersion(tx, listId) : null;
    if (!v || (v.status === 'draft' && !seesDrafts(actor))) throw new DomainError('NOT_FOUND');
    return this.powers.catalogue(tx, v.id, isStreet(actor) ? actor.orgCode : null);
  }

  /**
   * Records a case, checked in this order: amount and date (400), the power in the catalogue in
   * force (400 `unknown_power`), then whether the street holds it for the subject (422
   * POWER_NOT_HELD citing the entry). One INSERT: nothing is written on any refusal.
   */
  async record(actor: Actor, body: RecordCaseBody): Promise<EnforcementCaseView> {
    const problems = caseInputProblems(body, this.today());
    if (problems.length) throw validationError(problems);
    return this.dataSource.transaction(async (tx) => {
      const v = await this.lists.inForce(tx, this.today());
      const power = v ? await this.powers.findPower(tx, v.id, body.powerCode) : null;
      if (!v || !power)
        throw validationError([
          { field: 'powerCode', reason: 'unknown_power', params: { version: v?.version ?? '-' } },
        ]);
      const street = await this.orgs.find(tx, actor.orgCode);
      const refused = powerNotHeld(
        power,
        { code: actor.orgCode, holdsPenaltyPower: !!street?.holdsPenaltyPower },
        body.subject,
      );
      if (refused) throw new DomainError('POWER_NOT_HELD', [refused]);
      return this.powers.insertCase(tx, {
        streetCode: actor.orgCode,
        listVersionId: v.id,
        powerCode: power.code,
        subject: body.subject,
        measure: body.measure,
        amountYuan: body.measure === 'penalty' ? body.amountYuan! : null,
        occurredOn: body.occurredOn,
        note: body.note?.trim() || null,
        createdBy: actor.userId,
      });
    });
  }

  cases(actor: Actor, q: EnforcementCaseParams & { limit: number }): Promise<EnforcementCasePage> {
    if (q.from && q.to && q.from > q.to)
      throw validationError([{ field: 'to', reason: 'min', params: { min: 'from' } }]);
    return this.powers.cases(this.dataSource.manager, scopeOf(actor), {
      powerCode: q.powerCode,
      streetCode: q.streetCode,
      from: q.from,
      to: q.to,
      cursor: parseCursor(q.cursor),
      limit: q.limit,
    });
  }

  /**
   * The report of a month or quarter, for a district or all; a street sees its own rows only. Who
   * holds what is read from the catalogue in force on the period's last day (today, for the
   * period under way).
   */
  async report(actor: Actor, q: { period?: string; districtCode?: string }): Promise<DelegatedPowerReport> {
    const period = parseReportPeriod(q.period);
    if (!period) throw validationError([{ field: 'period', reason: 'bad_period' }]);
    const today = this.today();
    if (periodInFuture(period, today))
      throw validationError([{ field: 'period', reason: 'period_in_future' }]);
    const tx = this.dataSource.manager;
    if (q.districtCode) {
      const streets = await this.orgs.list(tx, 'street');
      if (!streets.some((s) => s.districtCode === q.districtCode))
        throw validationError([{ field: 'districtCode', reason: 'unknown_district' }]);
    }
    const lastDay = dayBefore(period.to);
    const v = await this.lists.inForce(tx, lastDay < today ? lastDay : today);
    const streetCode = isStreet(actor) ? actor.orgCode : undefined;
    const rows = await this.powers.report(tx, {
      listVersionId: v?.id ?? null,
      from: period.from,
      to: period.to,
      districtCode: q.districtCode,
      streetCode,
    });
    const total = rows.find((r) => r.powerCode === null);
    const counts = (r: (typeof rows)[number] | undefined) => ({
      persuasion: r?.persuasion ?? 0,
      rectificationNotice: r?.rectificationNotice ?? 0,
      penalty: r?.penalty ?? 0,
      transferred: r?.transferred ?? 0,
      total: r?.total ?? 0,
      softShare: r?.softShare ?? null,
      penaltyAmountYuan: r?.penaltyAmountYuan ?? 0,
    });
    return {
      ...period,
      districtCode: q.districtCode ?? null,
      streetCode: streetCode ?? null,
      listVersion: v?.version ?? null,
      rows: rows
        .filter((r) => r.powerCode !== null)
        .map((r) => ({
          powerCode: r.powerCode!,
          powerName: r.powerName,
          matterCode: r.matterCode,
          streetCode: r.streetCode!,
          streetName: r.streetName,
          districtCode: r.districtCode,
          held: r.held,
          dormant: r.dormant,
          ...counts(r),
        })),
      totals: { ...counts(total), heldPairs: total?.heldPairs ?? 0, dormantPairs: total?.dormantPairs ?? 0 },
    };
  }

  /** The report as CSV or XLSX, through the one export path (every text cell neutralised). */
  async exportReport(
    actor: Actor,
    q: { period?: string; districtCode?: string },
    format: ExportFormat,
  ): Promise<ExportedFile & { filename: string }> {
    const r = await this.report(actor, q);
    const line = (x: DelegatedPowerReport['totals']) => [
      x.persuasion,
      x.rectificationNotice,
      x.penalty,
      x.transferred,
      x.total,
      x.softShare ?? '',
      x.penaltyAmountYuan,
    ];
    const file = await exportTable(
      {
        sheetName: `赋权事项 ${r.period}`,
        header: [
          '赋权事项编码 Power',
          '赋权事项名称 Name',
          '所属事项 Matter',
          '街道编码 Street',
          '街道 Street name',
          '区 District',
          '持有 Held',
          '劝导 Persuasion',
          '责令整改 Rectification notice',
          '处罚 Penalty',
          '移送 Transferred',
          '合计 Total',
          '柔性措施占比 Soft share',
          '罚款金额(元) Penalties (yuan)',
          '休眠 Dormant',
        ],
        rows: [
          ...r.rows.map((x) => [
            x.powerCode,
            x.powerName,
            x.matterCode,
            x.streetCode,
            x.streetName,
            x.districtCode,
            x.held,
            ...line({ ...x, heldPairs: 0, dormantPairs: 0 }),
            x.dormant,
          ]),
          [
            '合计 Total',
            '',
            '',
            '',
            '',
            r.districtCode ?? '',
            r.totals.heldPairs,
            ...line(r.totals),
            r.totals.dormantPairs,
          ],
        ],
      },
      format,
    );
    return {
      ...file,
      filename: `delegated-powers-${r.period}${r.districtCode ? `-${r.districtCode}` : ''}.${file.extension}`,
    };
  }
}
