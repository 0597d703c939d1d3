import { Form, Modal, type FormInstance } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { ApiError } from '../api';
import { useFormError } from './errors';
import { RatingItems, TextAreaItem } from './formItems';

export interface ActionModalProps<V> {
  open: boolean;
  title: ReactNode;
  okText?: ReactNode;
  /** Field paths of the request body, so a 400's details land on the inputs. */
  fields: string[];
  initialValues?: Partial<V>;
  width?: number;
  onCancel: () => void;
  /** Sends the request; a rejection keeps the dialog open with the errors shown. */
  onSubmit: (values: V) => Promise<void>;
  /** Called on a 409 (stale version or state), to reload what the user is looking at. */
  onConflict?: () => void;
  /** While false for the form's values, the OK button stays disabled (a choice the user must make). */
  submitWhen?: (values: Partial<V>) => boolean;
  children: ReactNode | ((form: FormInstance<V>) => ReactNode);
}

/** A dialog with a small form for one transition (sign, dispute, confirm, …). */
export function ActionModal<V extends object>(p: ActionModalProps<V>) {
  const [form] = Form.useForm<V>();
  const [busy, setBusy] = useState(false);
  const formError = useFormError();
  const submittable = Form.useWatch(
    (values: Partial<V>) => (p.submitWhen ? p.submitWhen(values ?? {}) : true),
    form,
  );

  useEffect(() => {
    if (p.open) form.resetFields();
  }, [p.open, form]);

  const ok = async () => {
    // Invalid fields show their messages in the form; the rejection is handled here, not left
    // to the page as an uncaught one.
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    setBusy(true);
    try {
      await p.onSubmit(values);
    } catch (e) {
      formError(form, e, p.fields, values as Record<string, unknown>);
      if (e instanceof ApiError && e.status === 409) {
        p.onCancel();
        p.onConflict?.();
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={p.open}
      title={p.title}
      okText={p.okText}
      onOk={ok}
      onCancel={p.onCancel}
      confirmLoading={busy}
      okButtonProps={{ disabled: p.submitWhen ? submittable !== true : false }}
      destroyOnHidden
      width={p.width}
    >
      <Form<V> form={form} layout="vertical" initialValues={p.initialValues} preserve={false}>
        {typeof p.children === 'function' ? p.children(form) : p.children}
      </Form>
    </Modal>
  );
}

type SimpleModalProps<V> = Omit<ActionModalProps<V>, 'fields' | 'initialValues' | 'children'>;

/** A dialog asking for one free text (a reason, a note), required. */
export function TextModal({
  name,
  label,
  rows,
  maxLength,
  onSubmit,
  ...p
}: Omit<SimpleModalProps<Record<string, string>>, 'onSubmit'> & {
  name: string;
  label: ReactNode;
  rows?: number;
  maxLength?: number;
  onSubmit: (text: string) => Promise<void>;
}) {
  return (
    <ActionModal<Record<string, string>> {...p} fields={[name]} onSubmit={(v) => onSubmit(v[name])}>
      <TextAreaItem name={name} label={label} rows={rows} maxLength={maxLength} />
    </ActionModal>
  );
}

export interface RatingValues {
  rating: number;
  comment?: string;
}

/**
 * A department confirms a completed assignment: a rating out of five (no default: OK stays
 * disabled until one is chosen) and an optional comment, below what the street reported.
 */
export function RatingModal({ before, ...p }: SimpleModalProps<RatingValues> & { before?: ReactNode }) {
  return (
    <ActionModal<RatingValues> {...p} fields={['rating', 'comment']} submitWhen={(v) => (v.rating ?? 0) > 0}>
      {before}
      <RatingItems />
    </ActionModal>
  );
}
