import { App, type FormInstance } from 'antd';
import { useCallback } from 'react';
import { ApiError, type ErrorDetail } from '../api';
import { errorText } from '../api/errorText';
import { useI18n } from '../i18n';

/**
 * Puts a 400's `details` on the form fields they name and returns the ones no field shows.
 * `streetCodes[1]` lands on `streetCodes`, prefixed with the value at that index;
 * `resources.funding` on the nested field. `known` lists the form's fields as API paths.
 */
export function applyFieldErrors(
  form: FormInstance,
  details: ErrorDetail[],
  known: string[],
  values: Record<string, unknown> = {},
): ErrorDetail[] {
  const byField = new Map<string, string[]>();
  const rest: ErrorDetail[] = [];
  for (const d of details) {
    const field = d.field ?? '';
    const path = field.replace(/\[\d+\]/g, '');
    if (!known.includes(path)) {
      rest.push(d);
      continue;
    }
    const index = /^[^[]+\[(\d+)\]/.exec(field)?.[1];
    const list = values[path.split('.')[0]];
    const prefix = index !== undefined && Array.isArray(list) ? `${String(list[Number(index)])}: ` : '';
    byField.set(path, [...(byField.get(path) ?? []), prefix + d.message]);
  }
  form.setFields([...byField].map(([path, errors]) => ({ name: path.split('.'), errors })));
  return rest;
}

/** The text of a failure in the chosen language (api/errorText). */
export function useErrorText() {
  const { t } = useI18n();
  return useCallback((e: unknown): string => errorText(e, t('common.networkError')), [t]);
}

/**
 * Shows an API failure as a message in the chosen language. For a conflict (stale version,
 * wrong state) `reload` is called so the user sees what changed.
 */
export function useShowError() {
  const { message } = App.useApp();
  const errorText = useErrorText();
  return useCallback(
    (e: unknown, reload?: () => unknown) => {
      void message.error(errorText(e), 6);
      if (e instanceof ApiError && e.status === 409 && reload) void reload();
    },
    [message, errorText],
  );
}

/**
 * A failed form submission: a 400's details on the fields they name (`known`, see
 * applyFieldErrors), the ones no field shows and any other failure as a message.
 */
export function useFormError() {
  const showError = useShowError();
  return useCallback(
    (form: FormInstance, e: unknown, known: string[], values?: Record<string, unknown>) => {
      if (e instanceof ApiError && e.status === 400) {
        const rest = applyFieldErrors(form, e.details, known, values);
        if (rest.length) showError(new ApiError(400, e.code, e.message, rest));
      } else showError(e);
    },
    [showError],
  );
}
