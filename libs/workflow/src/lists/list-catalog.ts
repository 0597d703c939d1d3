import { Injectable } from '@nestjs/common';
import type { Matter, RoutingRule } from '@app/domain';
import { ListRepository, type Tx } from '@app/persistence';

export interface LoadedList {
  id: string;
  version: string;
  status: 'draft' | 'published';
  rules: RoutingRule[];
  matters: Map<string, Matter>;
}

/**
 * Published list versions never change, so each is read from PostgreSQL once per process and kept
 * in memory by id: routing decisions never read the list from the database after that.
 */
@Injectable()
export class ListCatalog {
  private readonly published = new Map<string, Promise<LoadedList>>();

  constructor(private readonly lists: ListRepository) {}

  async get(tx: Tx, id: string): Promise<LoadedList> {
    const cached = this.published.get(id);
    if (cached) return cached;
    const loading = this.load(tx, id);
    const list = await loading;
    if (list.status === 'published') this.published.set(id, loading);
    return list;
  }

  private async load(tx: Tx, id: string): Promise<LoadedList> {
    const v = await this.lists.findVersion(tx, id);
    if (!v) throw new Error(`list version ${id} does not exist`);
    const [rules, matters] = await Promise.all([this.lists.rules(tx, id), this.lists.matters(tx, id)]);
    return {
      id,
      version: v.version,
      status: v.status,
      rules,
      matters: new Map(matters.map((m) => [m.code, m])),
    };
  }
}
