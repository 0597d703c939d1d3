import { Form, Radio, Select, Typography } from 'antd';
import { ROLES, type Assignment, type AssignmentRole, type ReviewDecision } from '../../api';
import { ActionModal } from '../../components/ActionModal';
import { TextAreaItem, useRequired } from '../../components/formItems';
import { useI18n } from '../../i18n';
import { useOrgs } from '../../shell/orgs';

interface Values {
  decision: ReviewDecision['decision'];
  role?: AssignmentRole;
  note: string;
}

/**
 * One admission decision for several streets of one task. Nothing is chosen for the reviewer:
 * the decision, and the role when admitting, are picked in the dialog.
 */
export function BatchReviewModal({
  rows,
  open,
  onCancel,
  onSubmit,
}: {
  rows: Assignment[];
  open: boolean;
  onCancel: () => void;
  onSubmit: (d: ReviewDecision) => Promise<void>;
}) {
  const { t, label } = useI18n();
  const orgs = useOrgs();
  const required = useRequired();
  return (
    <ActionModal<Values>
      open={open}
      title={t('worklist.batch.reviewTitle', { n: rows.length })}
      fields={['decision', 'role', 'note']}
      onCancel={onCancel}
      onSubmit={(v) =>
        onSubmit({ decision: v.decision, role: v.decision === 'admit' ? v.role : undefined, note: v.note })
      }
    >
      {(form) => (
        <>
          <Typography.Paragraph data-testid="batch-review-streets">
            <Typography.Text strong>{rows[0]?.taskTitle}</Typography.Text>
            <br />
            {t('worklist.batch.streets')}: {rows.map((r) => orgs.name(r.streetCode)).join('、')}
          </Typography.Paragraph>
          <Form.Item name="decision" label={t('worklist.batch.decision')} rules={required}>
            <Radio.Group
              options={(['admit', 'refuse', 'return'] as const).map((d) => ({
                value: d,
                label: label('reviews.decision', d),
              }))}
            />
          </Form.Item>
          <Form.Item noStyle shouldUpdate>
            {() =>
              form.getFieldValue('decision') === 'admit' && (
                <Form.Item name="role" label={t('assignment.role')} rules={required}>
                  <Select
                    options={ROLES.map((r) => ({ value: r, label: label('role', r) }))}
                    data-testid="batch-role"
                  />
                </Form.Item>
              )
            }
          </Form.Item>
          <TextAreaItem name="note" label={t('common.note')} />
        </>
      )}
    </ActionModal>
  );
}
