import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import type {
  ImportedList,
  ListDiff,
  ListVersion,
  MatterList,
  PublishedList,
  RuleTable,
  VersionMatterList,
} from '@app/contract';
import {
  derivePowers,
  diffListVersions,
  DomainError,
  isUuid,
  parseMatterRows,
  parsePowerRows,
  POWER_SHEET_NAMES,
  ruleTableProblems,
  shanghaiDate,
  validationError,
  type Clock,
  type DelegatedPower,
  type Matter,
  type RoutingRule,
} from '@app/domain';
import {
  AuditRepository,
  ListRepository,
  OrganisationRepository,
  PowerRepository,
  type ListVersionRow,
  type Tx,
} from '@app/persistence';
import type { Actor } from '../actor';
import { CalendarService } from '../calendar/calendar.service';
import { uploadLimits, type UploadLimits } from '../files/upload-limits';
import { CLOCK } from '../tokens';
import { defaultRules } from './default-rules';
import { readListWorkbook } from './list-file';

const VERSION = /^[0-9A-Za-z][0-9A-Za-z._-]{0,31}$/;

/**
 * A draft list (its matters and rules) is the organisation office's work in progress: only the
 * reviewer sees it; everyone else sees published versions only, and a draft's id answers 404.
 */
export const seesDrafts = (actor: Actor): boolean => actor.roles.includes('reviewer');

/** The responsibility list: import into drafts, publish, read, and edit a draft's routing rules. */
@Injectable()
export class ListsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly lists: ListRepository,
    private readonly orgs: OrganisationRepository,
    private readonly powers: PowerRepository,
    private readonly audit: AuditRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly calendars: CalendarService,
    config: AppConfig,
  ) {
    this.limits = uploadLimits(config);
  }

  private readonly limits: UploadLimits;

  /**
   * Imports a CSV/XLSX file as a new draft. Every bad row is reported at once and nothing is
   * stored unless the whole file is good. The draft starts with the rules of the list in force.
   * Its catalogue of delegated powers is the workbook's sheet `powers` (or `赋权事项`) when there
   * is one (its problems are named with the sheet: column `powers/power_code`), else derived from
   * the matters (`derivePowers`).
   */
  async importDraft(
    actor: Actor | null,
    input: { file?: { buffer: Buffer; originalname: string }; version?: string; effectiveFrom?: string },
  ): Promise<ImportedList> {
    const bad = [];
    if (!input.file) bad.push({ field: 'file', reason: 'file_required' });
    if (!input.version || !VERSION.test(input.version)) bad.push({ field: 'version', reason: 'matches' });
    const date = this.calendars.dateDetail('effectiveFrom', input.effectiveFrom);
    if (date) bad.push(date);
    if (bad.length) throw validationError(bad);

    const { first: parsed, extra: powerSheet } = await readListWorkbook(
      input.file!.buffer,
      input.file!.originalname,
      this.limits,
      POWER_SHEET_NAMES,
    );
    const orgs = await this.orgs.list(this.dataSource.manager);
    // Departments and authorities may be a matter's principal; streets and the system administration may not.
    const departments = new Set(
      orgs.filter((o) => o.kind === 'department' || o.kind === 'authority').map((o) => o.code),
    );
    const { matters, problems } = parseMatterRows(parsed.header, parsed.rows, departments);
    let powers: DelegatedPower[] | undefined;
    if (powerSheet) {
      const streets = new Set(orgs.filter((o) => o.kind === 'street').map((o) => o.code));
      const read = parsePowerRows(powerSheet.header, powerSheet.rows, matters, streets);
      problems.push(...read.problems.map((p) => ({ ...p, column: `powers/${p.column ?? ''}` })));
      powers = read.powers;
    }
    if (problems.length) throw new DomainError('INVALID_FILE_ROWS', problems);
    return this.createDraft(actor, input.version!, input.effectiveFrom!, matters, undefined, powers);
  }

  async createDraft(
    actor: Actor | null,
    version: string,
    effectiveFrom: string,
    matters: Matter[],
    rules?: RoutingRule[],
    powers: DelegatedPower[] = derivePowers(matters),
  ) {
    // A version name already taken answers LIST_VERSION_EXISTS from insertVersion (the unique key decides).
    return this.dataSource.transaction(async (tx) => {
      const startRules = rules ?? (await this.rulesInForce(tx));
      const id = await this.lists.insertVersion(tx, version, effectiveFrom, actor?.userId ?? null);
      await this.lists.insertMatters(tx, id, matters);
      await this.lists.replaceRules(tx, id, startRules);
      await this.powers.insertPowers(tx, id, powers);
      await this.audit.append(tx, [
        {
          aggregateType: 'list',
          aggregateId: id,
          action: 'imported',
          actorId: actor?.userId ?? null,
          actorOrg: actor?.orgCode ?? null,
          fromState: null,
          toState: 'draft',
          payload: { version, effectiveFrom, matters: matters.length, powers: powers.length },
        },
      ]);
      return {
        id,
        version,
        status: 'draft' as const,
        effectiveFrom,
        matters: matters.length,
        powers: powers.length,
      };
    });
  }

  private async rulesInForce(tx: Tx): Promise<RoutingRule[]> {
    const current = await this.lists.inForce(tx, shanghaiDate(this.clock.now()));
    return current ? this.lists.rules(tx, current.id) : defaultRules();
  }

  async publish(actor: Actor | null, id: string): Promise<PublishedList> {
    return this.dataSource.transaction(async (tx) => {
      const existing = await this.requireVersion(tx, id);
      const row = await this.lists.publish(tx, id);
      if (!row) throw new DomainError('LIST_NOT_DRAFT');
      await this.audit.append(tx, [
        {
          aggregateType: 'list',
          aggregateId: id,
          action: 'published',
          actorId: actor?.userId ?? null,
          actorOrg: actor?.orgCode ?? null,
          fromState: existing.status,
          toState: 'published',
          payload: { version: row.version, effectiveFrom: row.effectiveFrom },
        },
      ]);
      return { id, version: row.version, status: 'published' as const, effectiveFrom: row.effectiveFrom };
    });
  }

  /** Every version the actor may see, newest first, the one in force marked. */
  async versions(actor: Actor): Promise<ListVersion[]> {
    const [all, current] = await Promise.all([this.lists.versions(this.dataSource.manager), this.inForce()]);
    return all
      .filter((v) => seesDrafts(actor) || v.status !== 'draft')
      .map((v) => ({ ...v, inForce: v.id === current?.id }));
  }

  /** The matters of one version, searched like the current list's. */
  async versionMatters(actor: Actor, id: string, q?: string, category?: string): Promise<VersionMatterList> {
    const v = await this.visibleVersion(actor, id);
    return {
      listId: id,
      version: v.version,
      status: v.status,
      items: await this.lists.searchMatters(
        this.dataSource.manager,
        id,
        q || undefined,
        category || undefined,
      ),
    };
  }

  /** What version `id` adds, removes and changes (matters and rules) compared with version `from`. */
  async diff(actor: Actor, id: string, from: string): Promise<ListDiff> {
    const tx = this.dataSource.manager;
    const [older, newer] = [await this.visibleVersion(actor, from), await this.visibleVersion(actor, id)];
    const load = async (versionId: string) => {
      const [matters, rules] = await Promise.all([
        this.lists.matters(tx, versionId),
        this.lists.rules(tx, versionId),
      ]);
      return { matters, rules };
    };
    const [a, b] = await Promise.all([load(from), load(id)]);
    return {
      from: { id: from, version: older.version },
      to: { id, version: newer.version },
      ...diffListVersions(a, b),
    };
  }

  /** A version the actor may read: drafts are the reviewer's, anyone else gets 404 for them. */
  private async visibleVersion(actor: Actor, id: string): Promise<ListVersionRow> {
    const v = await this.requireVersion(this.dataSource.manager, id);
    if (v.status === 'draft' && !seesDrafts(actor)) throw new DomainError('NOT_FOUND');
    return v;
  }

  async rules(actor: Actor, id: string): Promise<RuleTable> {
    const v = await this.visibleVersion(actor, id);
    return {
      listId: id,
      version: v.version,
      status: v.status,
      rules: await this.lists.rules(this.dataSource.manager, id),
    };
  }

  async replaceRules(actor: Actor, id: string, rules: unknown): Promise<RuleTable> {
    const problems = ruleTableProblems(rules);
    if (problems.length)
      throw validationError(problems.map((p) => ({ field: p.field, reason: p.reason, params: p.params })));
    if (!isUuid(id)) throw new DomainError('NOT_FOUND');
    return this.dataSource.transaction(async (tx) => {
      // The row lock keeps a concurrent publish from slipping between the check and the write.
      const [v] = await tx.query(`SELECT status, version FROM list_version WHERE id = $1 FOR UPDATE`, [id]);
      if (!v) throw new DomainError('NOT_FOUND');
      if (v.status !== 'draft') throw new DomainError('LIST_NOT_DRAFT');
      await this.lists.replaceRules(tx, id, rules as RoutingRule[]);
      await this.audit.append(tx, [
        {
          aggregateType: 'list',
          aggregateId: id,
          action: 'rules_replaced',
          actorId: actor.userId,
          actorOrg: actor.orgCode,
          fromState: 'draft',
          toState: 'draft',
          payload: { rules: (rules as RoutingRule[]).map((r) => r.id) },
        },
      ]);
      return { listId: id, version: v.version as string, status: 'draft', rules: rules as RoutingRule[] };
    });
  }

  /** The version in force today (Asia/Shanghai), or null before any list is published. */
  inForce(tx: Tx = this.dataSource.manager): Promise<ListVersionRow | null> {
    return this.lists.inForce(tx, shanghaiDate(this.clock.now()));
  }

  async currentMatters(q?: string, category?: string): Promise<MatterList> {
    const v = await this.inForce();
    if (!v) throw new DomainError('NOT_FOUND');
    return {
      listVersion: v.version,
      items: await this.lists.searchMatters(
        this.dataSource.manager,
        v.id,
        q || undefined,
        category || undefined,
      ),
    };
  }

  private async requireVersion(tx: Tx, id: string): Promise<ListVersionRow> {
    const v = isUuid(id) ? await this.lists.findVersion(tx, id) : null;
    if (!v) throw new DomainError('NOT_FOUND');
    return v;
  }
}
