import { Injectable, Param, type PipeTransform } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { DomainError, isUuid } from '@app/domain';

/**
 * Path ids are UUIDs; anything else names nothing, so it is 404 NOT_FOUND at the edge: the
 * services never see it and PostgreSQL is never asked to cast it (which answered 500).
 */
@Injectable()
export class UuidPipe implements PipeTransform<unknown, string> {
  transform(value: unknown): string {
    if (!isUuid(value)) throw new DomainError('NOT_FOUND');
    return value;
  }
}

/**
 * `@IdParam()` (or `@IdParam('assignmentId')`): a path id that must be a well-formed UUID. It also
 * documents the parameter as one (a parameter decorator sees its method, so it can say so there).
 */
export const IdParam =
  (name = 'id'): ParameterDecorator =>
  (target, key, index) => {
    Param(name, UuidPipe)(target, key, index);
    if (key !== undefined)
      ApiParam({ name, format: 'uuid', description: 'Not a UUID, or not visible to the caller: 404.' })(
        target,
        key,
        Object.getOwnPropertyDescriptor(target, key)!,
      );
  };

/** A path segment that must be one of a few names (e.g. the audit aggregates): others are 404. */
export class OneOfPipe implements PipeTransform<unknown, string> {
  constructor(private readonly allowed: readonly string[]) {}

  transform(value: unknown): string {
    if (typeof value !== 'string' || !this.allowed.includes(value)) throw new DomainError('NOT_FOUND');
    return value;
  }
}
