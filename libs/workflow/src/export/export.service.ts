import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  beijingMinute,
  daysOverdue,
  DEADLINE_WORDS,
  DomainError,
  isUuid,
  LIST_COLUMNS,
  matterRow,
  OUTCOME_WORDS,
  ROLE_WORDS,
  SHEET_HEADERS,
  SHEET_NAMES,
  STATE_WORDS,
  COORDINATION_STATE_WORDS,
  YES_NO,
  type Clock,
  type Language,
} from '@app/domain';
import {
  AssignmentRepository,
  DeadlineRepository,
  ListRepository,
  TaskRepository,
  type AssignmentFilter,
} from '@app/persistence';
import { scopeOf, type Actor } from '../actor';
import { ListsService } from '../lists/lists.service';
import { CLOCK } from '../tokens';
import { exportTable, type ExportedFile, type ExportFormat } from './table-export';

/**
 * Rows per exported file: a county's year of assignments (~200 streets × a few dozen tasks) fits;
 * more would be a report, not a list, and would hold the request for seconds.
 */
export const EXPORT_MAX_ROWS = 10_000;

/** A file to download: its body and the name it is saved under. */
export interface Download extends ExportedFile {
  filename: string;
}

/**
 * The lists of the web app as files (XLSX or CSV), through the one writer (exportTable), so every
 * cell a user typed is neutralised. Each export reads what the matching list shows the actor,
 * with the same filters, in the actor's language.
 */
@Injectable()
export class ExportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly assignments: AssignmentRepository,
    private readonly tasks: TaskRepository,
    private readonly deadlines: DeadlineRepository,
    private readonly lists: ListRepository,
    private readonly listsService: ListsService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async assignmentSheet(actor: Actor, filter: AssignmentFilter, format: ExportFormat, lang: Language) {
    const rows = await this.assignments.all(this.dataSource.manager, scopeOf(actor), filter, EXPORT_MAX_ROWS);
    const [yes, no] = YES_NO[lang];
    return this.file(
      'assignments',
      lang,
      format,
      SHEET_HEADERS.assignments[lang],
      rows.map((a) => [
        a.taskTitle,
        (a.decision?.inputs?.matterCode as string | undefined) ?? '',
        a.submitterCode,
        a.streetCode,
        STATE_WORDS[a.state][lang],
        a.role ? ROLE_WORDS[a.role][lang] : '',
        a.decision ? OUTCOME_WORDS[a.decision.outcome][lang] : '',
        beijingMinute(a.signDueAt),
        beijingMinute(a.dueAt),
        a.overdue ? yes : no,
        beijingMinute(a.createdAt),
      ]),
    );
  }

  async taskSheet(actor: Actor, filter: { state?: string }, format: ExportFormat, lang: Language) {
    const page = await this.tasks.listTasks(this.dataSource.manager, scopeOf(actor), {
      state: filter.state,
      limit: EXPORT_MAX_ROWS,
    });
    const [yes, no] = YES_NO[lang];
    return this.file(
      'tasks',
      lang,
      format,
      SHEET_HEADERS.tasks[lang],
      page.items.map((t) => [
        t.title,
        t.matterCode ?? '',
        t.submitterCode,
        t.urgent ? yes : no,
        beijingMinute(t.dueAt),
        t.listVersion,
        beijingMinute(t.createdAt),
      ]),
    );
  }

  async overdueSheet(filter: { kind?: string; orgCode?: string }, format: ExportFormat, lang: Language) {
    const now = this.clock.now();
    const rows = await this.deadlines.overdue(this.dataSource.manager, now, {
      ...filter,
      limit: EXPORT_MAX_ROWS,
    });
    return this.file(
      'overdue',
      lang,
      format,
      SHEET_HEADERS.overdue[lang],
      rows.map((d) => [
        d.title ?? '',
        DEADLINE_WORDS[d.kind][lang],
        d.orgCode,
        d.streetCode ?? '',
        d.submitterCode ?? '',
        (d.state in STATE_WORDS
          ? STATE_WORDS[d.state as keyof typeof STATE_WORDS]
          : COORDINATION_STATE_WORDS[d.state as keyof typeof COORDINATION_STATE_WORDS])[lang],
        beijingMinute(d.dueAt),
        daysOverdue(d.dueAt, now),
      ]),
    );
  }

  /**
   * The matters of a list version (`current`: the one in force) under the Chinese headers, with
   * codes as codes: the file imports back as it is (list-columns.ts).
   */
  async listSheet(id: string, format: ExportFormat) {
    const tx = this.dataSource.manager;
    const version =
      id === 'current'
        ? await this.listsService.inForce(tx)
        : isUuid(id)
          ? await this.lists.findVersion(tx, id)
          : null;
    if (!version) throw new DomainError('NOT_FOUND');
    const matters = await this.lists.matters(tx, version.id);
    return this.listFile(`responsibility-list-${version.version}`, format, matters.map(matterRow));
  }

  /**
   * The import template: the Chinese headers and one filled-in example row (the first matter of
   * the list in force), which imports as it is; a clerk overwrites it with the real rows.
   */
  async listTemplate(format: ExportFormat) {
    const tx = this.dataSource.manager;
    const version = await this.listsService.inForce(tx);
    const example = version ? (await this.lists.matters(tx, version.id)).slice(0, 1) : [];
    return this.listFile('responsibility-list-template', format, example.map(matterRow));
  }

  private async listFile(name: string, format: ExportFormat, rows: string[][]): Promise<Download> {
    const file = await exportTable(
      { sheetName: SHEET_NAMES.list['zh-CN'], header: LIST_COLUMNS.map((c) => c.label), rows },
      format,
    );
    return { ...file, filename: `${name}.${file.extension}` };
  }

  private async file(
    sheet: keyof typeof SHEET_HEADERS,
    lang: Language,
    format: ExportFormat,
    header: string[],
    rows: (string | number)[][],
  ): Promise<Download> {
    const file = await exportTable({ sheetName: SHEET_NAMES[sheet][lang], header, rows }, format);
    const day = beijingMinute(this.clock.now().toISOString()).slice(0, 10);
    return { ...file, filename: `${sheet}-${day}.${file.extension}` };
  }
}
