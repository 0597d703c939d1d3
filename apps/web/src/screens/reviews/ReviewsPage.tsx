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
import { DeciderContext } from '../../components/DeciderContext';
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
        // Fixed layout, no horizontal scroll: titles and suggestions wrap at 1366 px.
        tableLayout="fixed"
        data-testid="reviews-table"
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
              <Space direction="vertical" size={2}>
                <Link to={`/assignments/${r.id}`}>{title}</Link>
                <Typography.Text type="secondary">
                  {orgs.name(r.submitterCode)} → {orgs.name(r.streetCode)}
                </Typography.Text>
                <Space size={0} wrap>
                  <Tag>{label('action', r.actionType)}</Tag>
                  {r.temporary && <Tag color="orange">{t('reviews.temporary')}</Tag>}
                </Space>
              </Space>
            ),
          },
          {
            title: t('common.state'),
            dataIndex: 'state',
            width: 150,
            render: (_, r) => (
              <Space direction="vertical" size={2}>
                <StateTag state={r.state} />
                <Typography.Text type="secondary">
                  {t('reviews.reviewDueAt')}:{time(r.reviewDueAt)}
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: t('reviews.suggestions'),
            width: 380,
            render: (_, r) => (
              <Suggestions
                item={r}
                onPick={canDecide(r) ? (matterCode) => setDeciding({ item: r, matterCode }) : undefined}
              />
            ),
          },
          {
            title: t('common.actions'),
            width: 110,
            render: (_, r) =>
              canDecide(r) ? (
                <Button
                  type="primary"
                  size="small"
                  onClick={() => setDeciding({ item: r })}
                  data-testid="review"
                >
                  {t('reviews.decide')}
                </Button>
              ) : null,
          },
        ]}
      />

      <ActionModal<DecideValues>
        open={!!deciding}
        width={960}
        title={
          deciding
            ? t('reviews.dialogTitle', {
                title: deciding.item.title,
                street: orgs.name(deciding.item.streetCode),
              })
            : t('reviews.decide')
        }
        fields={['decision', 'role', 'matterCode', 'note']}
        // Only what the reviewer chose: a suggestion clicked means "admit with this matter";
        // the decide button preselects nothing.
        initialValues={
          deciding?.matterCode
            ? { decision: 'admit', admitBy: 'matter', matterCode: deciding.matterCode }
            : undefined
        }
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
        {(form) => (
          <>
            {deciding && (
              <div style={{ marginBottom: 16 }}>
                <DeciderContext
                  title={deciding.item.title}
                  streetCode={deciding.item.streetCode}
                  departmentCode={deciding.item.submitterCode}
                  description={deciding.item.description}
                  legalBasis={deciding.item.legalBasis}
                  decision={deciding.item.decision}
                  decisionLabel={t('ctx.routingDecision')}
                />
                <Typography.Text strong style={{ display: 'block', marginTop: 12 }}>
                  {t('reviews.suggestions')}
                </Typography.Text>
                <Suggestions
                  item={deciding.item}
                  onPick={(matterCode) =>
                    form.setFieldsValue({ decision: 'admit', admitBy: 'matter', matterCode })
                  }
                />
              </div>
            )}
            <DecideFields form={form} />
          </>
        )}
      </ActionModal>
    </Card>
  );
}

/** The matters closest to the task, with how well they match (a share of shared terms, in %). */
function Suggestions({ item, onPick }: { item: ReviewItem; onPick?: (matterCode: string) => void }) {
  const { t, label } = useI18n();
  if (item.suggestions.length === 0)
    return <Typography.Text type="secondary">{t('reviews.noSuggestions')}</Typography.Text>;
  return (
    <Space size={[4, 4]} wrap data-testid="suggestions">
      {item.suggestions.map((s) => (
        <Tooltip key={s.matterCode} title={`${label('mode', s.mode)} · ${s.principalDept}`}>
          <Tag
            color="blue"
            style={{ cursor: onPick ? 'pointer' : undefined, whiteSpace: 'normal' }}
            onClick={() => onPick?.(s.matterCode)}
          >
            {s.matterCode} {s.name} · {t('reviews.match')} {Math.round(s.score * 100)}%
          </Tag>
        </Tooltip>
      ))}
    </Space>
  );
}

function DecideFields({ form }: { form: FormInstance<DecideValues> }) {
  const { t, label } = useI18n();
  const required = useRequired();
  const decision = Form.useWatch('decision', form);
  const admitBy = Form.useWatch('admitBy', form);
  return (
    <>
      <Form.Item
        name="decision"
        label={t('reviews.decision')}
        rules={[{ required: true, message: t('reviews.pickDecision') }]}
      >
        <Radio.Group
          options={(['admit', 'refuse', 'return'] as const).map((d) => ({
            value: d,
            label: t(`reviews.decision.${d}`),
          }))}
        />
      </Form.Item>
      {decision === 'admit' && (
        <>
          <Form.Item name="admitBy" label={t('reviews.admitBy')} rules={required}>
            <Radio.Group
              options={[
                { value: 'role', label: t('reviews.admitBy.role') },
                { value: 'matter', label: t('reviews.admitBy.matter') },
              ]}
            />
          </Form.Item>
          {admitBy === 'matter' && (
            <Form.Item name="matterCode" label={t('task.matter')} rules={required}>
              <MatterSelect />
            </Form.Item>
          )}
          {admitBy === 'role' && (
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
