import type { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import { DomainError, validationError } from '@app/domain';
import { validationPipe } from './validation';

/**
 * A JSON body that is a bare array (`PUT /api/tolerance-items`): Nest's ValidationPipe does not
 * look inside arrays, so the array is validated as the `items` of a holder DTO (`@ValidateNested`
 * + `@Type` on `items`) by the global pipe, and the details name the fields from the body's root
 * (`[2].code`, or `` for a body that is not an array at all).
 */
export class ArrayBodyPipe<T> implements PipeTransform<unknown, Promise<T[]>> {
  constructor(private readonly holder: new () => { items: T[] }) {}

  async transform(value: unknown, metadata: ArgumentMetadata): Promise<T[]> {
    // Anything else (an object around the array, say) is refused as a whole, not field by field.
    if (!Array.isArray(value)) throw validationError([{ field: '', reason: 'isArray' }]);
    try {
      const held = (await validationPipe.transform(
        { items: value },
        { ...metadata, type: 'body', metatype: this.holder },
      )) as { items: T[] };
      return held.items;
    } catch (e) {
      if (!(e instanceof DomainError) || e.code !== 'VALIDATION_FAILED') throw e;
      throw validationError(
        e.details.map((d) => ({ ...d, field: d.field?.replace(/^items\.?/, '') ?? d.field })),
      );
    }
  }
}
