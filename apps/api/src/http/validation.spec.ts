import 'reflect-metadata';
import { DomainError } from '@app/domain';
import { AssignmentListQuery } from '../tasks/list-query.dto';
import { validationPipe } from './validation';

const asQuery = { type: 'query', metatype: AssignmentListQuery } as const;
/** The raw query as Node's querystring hands it over (no prototype). */
const raw = (fields: Record<string, string | string[]>) =>
  Object.assign(Object.create(null) as object, fields);

describe('EdgeValidationPipe on queries', () => {
  it('answers a query it validated before with an equal DTO of its own, not the same object', async () => {
    const first = (await validationPipe.transform(
      raw({ limit: '20', overdue: 'true' }),
      asQuery,
    )) as AssignmentListQuery;
    const second = (await validationPipe.transform(
      raw({ limit: '20', overdue: 'true' }),
      asQuery,
    )) as AssignmentListQuery;
    expect(first).toBeInstanceOf(AssignmentListQuery);
    expect(second).toBeInstanceOf(AssignmentListQuery);
    expect(second).toEqual(first);
    expect(second).toEqual(expect.objectContaining({ limit: 20, overdue: true }));
    expect(second).not.toBe(first);
  });

  it('a handler that changes its DTO changes no later request', async () => {
    const first = (await validationPipe.transform(
      raw({ limit: '7', state: 'in_progress' }),
      asQuery,
    )) as AssignmentListQuery;
    first.limit = 999;
    first.state = undefined;
    const again = (await validationPipe.transform(
      raw({ limit: '7', state: 'in_progress' }),
      asQuery,
    )) as AssignmentListQuery;
    expect(again.limit).toBe(7);
    expect(again.state).toBe('in_progress');
  });

  it('refuses a bad query every time it comes, with every bad field named', async () => {
    for (let i = 0; i < 3; i++) {
      const error = await validationPipe
        .transform(raw({ limit: '0', overdue: 'maybe' }), asQuery)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      const fields = (error as DomainError).details.map((d) => d.field).sort();
      expect(fields).toEqual(['limit', 'overdue']);
    }
  });

  it('refuses a field the DTO does not declare after the same query without it passed', async () => {
    await expect(validationPipe.transform(raw({ limit: '5' }), asQuery)).resolves.toBeInstanceOf(
      AssignmentListQuery,
    );
    const error = await validationPipe
      .transform(raw({ limit: '5', nope: '1' }), asQuery)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).details.map((d) => d.field)).toEqual(['nope']);
  });

  it('keeps refusing unsafe text in a query', async () => {
    for (let i = 0; i < 2; i++) {
      const error = await validationPipe.transform(raw({ q: 'a\u0000b' }), asQuery).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).details.map((d) => d.field)).toEqual(['q']);
    }
  });
});
