import {
  App,
  Button,
  Card,
  Form,
  Radio,
  Select,
  Space,
  Switch,
  Tag,
  Tooltip,
  Typography,
  type FormInstance,
} from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { ROLES, type AssignmentRole, type ReviewItem } from '../../api';
import { useDecideReview } from '../../api/mutations';
import { queries } from '../../api/queries';
import { ActionModal } from '../../components/ActionModal';
import { RefreshButton } from '../../components/controls';
import { TextAreaItem, useRequired } from '../../components/formItems';
import { KeysetTable } from '../../components/KeysetTable';
import { MatterSelect } from '../../components/MatterSelect';
import { StateTag } from '../../components/tags';
import { useKeyset } from '../../components/useKeyset';
import { useI18n } from '../../i18n';
import { useOrgs } from '../../shell/orgs';
import { usePermissions } from '../../shell/permissions';

interface DecideValues {
  decision: 'admit' | 'refuse' | 'return';
  admitBy: 'role' | 'matter';
  role?: AssignmentRole;
  matterCode?: string;
  note: string;
}

/** Reviewer (编办): off-list assignments waiting for admission review, with matters suggested from the text. */
export function ReviewsPage() {
  const { t, label, time } = useI18n();
  const { message } = App.useApp();
  const { can } = usePermissions();
  const orgs = useOrgs();
  const [all, setAll] = useState(false);
  const [deciding, setDeciding] = useState<{ item: ReviewItem; matterCode?: string } | null>(null);
  const list = useKeyset(queries.reviews({ state: all ? 'all' : 'open' }));
  const decide = useDecideReview();
  /** The table's answer: the reviewer, on an assignment still in review. */
  const canDecide = (r: ReviewItem) => can('review', r);

  return (
    <Card
      title={t('reviews.title')}
      extra={
        <Space>
          <Switch checked={all} onChange={setAll} /> {t('reviews.showAll')}
          <RefreshButton onRefresh={list.reload} />
        </Space>
      }
    >
      <KeysetTable<ReviewItem>
        list={list}
        scroll={{ x: 1100 }}
        expandable={{
          expandedRowRender: (r) => (
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
              {r.description || t('common.none')}
            </Typography.Paragraph>
          ),
        }}
        columns={[
          {
            title: t('task.title'),
            dataIndex: 'title',
            render: (title: string, r) => (
              <Space direction="vertical" size={0}>
                <Link to={`/assignments/${r.id}`}>{title}</Link>
                <Space size={0}>
                  <Tag>{label('action', r.actionType)}</Tag>
                  {r.temporary && <Tag color="orange">{t('reviews.temporary')}</Tag>}
                </Space>
              </Space>
            ),
          },
          { title: t('task.submitter'), dataIndex: 'submitterCode', render: (c: string) => orgs.name(c) },
          { title: t('assignment.street'), dataIndex: 'streetCode', render: (c: string) => orgs.name(c) },
          { title: t('common.state'), dataIndex: 'state', render: (_, r) => <StateTag state={r.state} /> },
          {
            title: t('reviews.reviewDueAt'),
            dataIndex: 'reviewDueAt',
            render: (v: string | null) => time(v),
          },
          {
            title: t('reviews.suggestions'),
            width: 360,
            render: (_, r) => (
              <Space direction="vertical" size={2}>
                {r.suggestions.map((s) => (
                  <Tooltip key={s.matterCode} title={`${label('mode', s.mode)} · ${s.principalDept}`}>
                    <Tag
                      color="blue"
                      style={{ cursor: canDecide(r) ? 'pointer' : undefined }}
                      onClick={() => canDecide(r) && setDeciding({ item: r, matterCode: s.matterCode })}
                    >
                      {s.matterCode} {s.name} · {t('reviews.score')} {s.score.toFixed(2)}
                    </Tag>
                  </Tooltip>
                ))}
              </Space>
            ),
          },
          {
            title: t('common.actions'),
            fixed: 'right',
            render: (_, r) =>
              canDecide(r) ? (
                <Button type="primary" size="small" onClick={() => setDeciding({ item: r })}>
                  {t('reviews.decide')}
                </Button>
              ) : null,
          },
        ]}
      />

      <ActionModal<DecideValues>
        open={!!deciding}
        title={`${t('reviews.decide')} — ${deciding?.item.title ?? ''}`}
        fields={['decision', 'role', 'matterCode', 'note']}
        initialValues={{
          decision: 'admit',
          admitBy: deciding?.matterCode ? 'matter' : 'role',
          matterCode: deciding?.matterCode,
          role: 'lead',
        }}
        onCancel={() => setDeciding(null)}
        onConflict={list.reload}
        onSubmit={async (v) => {
          if (!deciding) return;
          const admit = v.decision === 'admit';
          await decide.mutateAsync({
            id: deciding.item.id,
            decision: {
              decision: v.decision,
              role: admit && v.admitBy === 'role' ? v.role : undefined,
              matterCode: admit && v.admitBy === 'matter' ? v.matterCode : undefined,
              note: v.note,
            },
          });
          setDeciding(null);
          void message.success(t('reviews.decided'));
        }}
      >
        {(form) => <DecideFields form={form} />}
      </ActionModal>
    </Card>
  );
}

function DecideFields({ form }: { form: FormInstance<DecideValues> }) {
  const { t, label } = useI18n();
  const required = useRequired();
  const decision = Form.useWatch('decision', form);
  const admitBy = Form.useWatch('admitBy', form);
  return (
    <>
      <Form.Item name="decision" label={t('reviews.decision')}>
        <Radio.Group
          options={(['admit', 'refuse', 'return'] as const).map((d) => ({
            value: d,
            label: t(`reviews.decision.${d}`),
          }))}
        />
      </Form.Item>
      {decision === 'admit' && (
        <>
          <Form.Item name="admitBy" label={t('reviews.admitBy')}>
            <Radio.Group
              options={[
                { value: 'role', label: t('reviews.admitBy.role') },
                { value: 'matter', label: t('reviews.admitBy.matter') },
              ]}
            />
          </Form.Item>
          {admitBy === 'matter' ? (
            <Form.Item name="matterCode" label={t('task.matter')} rules={required}>
              <MatterSelect />
            </Form.Item>
          ) : (
            <Form.Item name="role" label={t('assignment.role')} rules={required}>
              <Select options={ROLES.map((r) => ({ value: r, label: label('role', r) }))} />
            </Form.Item>
          )}
        </>
      )}
      <TextAreaItem name="note" label={t('common.note')} />
    </>
  );
}
