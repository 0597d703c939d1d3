import { ValidateBy, type ValidationOptions } from 'class-validator';
import { isBlank } from '@app/domain';

/**
 * A required text that says something: refused (`notBlank`) when nothing is left after removing
 * whitespace and zero-width/invisible characters (libs/domain `isBlank`). Non-strings are left to
 * `@IsString`, so a missing field is reported once, as such.
 */
export const NotBlank = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'notBlank',
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || !isBlank(value),
        defaultMessage: () => '$property must not be blank',
      },
    },
    options,
  );
