import { Button, Form, Input, Rate } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n';

/** The rule of a field that must be filled in. */
export function useRequired() {
  const { t } = useI18n();
  return [{ required: true, message: t('common.required') }];
}

/** A free text (reason, note, result), required unless said otherwise. */
export function TextAreaItem({
  name,
  label,
  rows = 3,
  maxLength = 2000,
  optional,
}: {
  name: string;
  label: ReactNode;
  rows?: number;
  maxLength?: number;
  optional?: boolean;
}) {
  const required = useRequired();
  return (
    <Form.Item name={name} label={label} rules={optional ? undefined : required}>
      <Input.TextArea rows={rows} maxLength={maxLength} />
    </Form.Item>
  );
}

/** The submit button of an inline form. */
export function SubmitItem({ children, loading }: { children: ReactNode; loading?: boolean }) {
  return (
    <Form.Item>
      <Button type="primary" htmlType="submit" loading={loading}>
        {children}
      </Button>
    </Form.Item>
  );
}

/** A department's rating of a completed assignment, with an optional comment. */
export function RatingItems() {
  const { t } = useI18n();
  const required = useRequired();
  return (
    <>
      <Form.Item name="rating" label={t('taskDetail.rating')} rules={required}>
        <Rate />
      </Form.Item>
      <TextAreaItem name="comment" label={t('taskDetail.comment')} rows={2} optional />
    </>
  );
}
