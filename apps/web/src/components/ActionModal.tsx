import { Form, Modal, type FormInstance } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { ApiError } from '../api';
import { applyFieldErrors, useShowError } from './errors';

interface Props<V> {
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
  children: ReactNode | ((form: FormInstance<V>) => ReactNode);
}

/** A dialog with a small form for one transition (sign, dispute, confirm, …). */
export function ActionModal<V extends object>(p: Props<V>) {
  const [form] = Form.useForm<V>();
  const [busy, setBusy] = useState(false);
  const showError = useShowError();

  useEffect(() => {
    if (p.open) form.resetFields();
  }, [p.open, form]);

  const ok = async () => {
    const values = await form.validateFields();
    setBusy(true);
    try {
      await p.onSubmit(values);
    } catch (e) {
      if (e instanceof ApiError && e.status === 400) {
        const rest = applyFieldErrors(form, e.details, p.fields, values as Record<string, unknown>);
        if (rest.length) showError(new ApiError(400, e.code, e.message, rest));
      } else {
        showError(e);
        if (e instanceof ApiError && e.status === 409) {
          p.onCancel();
          p.onConflict?.();
        }
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
      destroyOnHidden
      width={p.width}
    >
      <Form<V> form={form} layout="vertical" initialValues={p.initialValues} preserve={false}>
        {typeof p.children === 'function' ? p.children(form) : p.children}
      </Form>
    </Modal>
  );
}
