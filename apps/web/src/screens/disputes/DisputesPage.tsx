import { App, Button, Card, Form, Radio, Segmented, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { Dispute } from '../../api';
import { useArbitrate } from '../../api/mutations';
import { queries } from '../../api/queries';
import { ActionModal } from '../../components/ActionModal';
import { RefreshButton } from '../../components/controls';
import { DeciderContext } from '../../components/DeciderContext';
import { RuleLabel } from '../../components/DecisionView';
import { TextAreaItem, useRequired } from '../../components/formItems';
import { KeysetTable } from '../../components/KeysetTable';
import { OutcomeTag } from '../../components/tags';
import { useKeyset } from '../../components/useKeyset';
import { useI18n } from '../../i18n';
import { useOrgs } from '../../shell/orgs';
import { usePermissions } from '../../shell/permissions';

/**
 * Reviewer (编办): disputes streets raised, each with its task, the disputed decision and the
 * matter cited, and the arbitration (uphold the street or the department), decided in a dialog
 * that shows both sides' arguments and the list's text. Nothing in the ruling is preselected.
 */
export function DisputesPage() {
  const { t, label, time } = useI18n();
  const { message } = App.useApp();
  // An open dispute's assignment is disputed, where the table lets the reviewer arbitrate.
  const { can } = usePermissions();
  const orgs = useOrgs();
  const required = useRequired();
  const [state, setState] = useState<'open' | 'decided'>('open');
  const [deciding, setDeciding] = useState<Dispute | null>(null);
  const list = useKeyset(queries.disputes({ state }));
  const arbitrate = useArbitrate();

  return (
    <Card
      title={t('disputes.title')}
      extra={
        <Space>
          <Segmented<'open' | 'decided'>
            value={state}
            onChange={setState}
            options={[
              { value: 'open', label: t('disputes.open') },
              { value: 'decided', label: t('disputes.closed') },
            ]}
          />
          <RefreshButton onRefresh={list.reload} />
        </Space>
      }
    >
      <KeysetTable<Dispute>
        list={list}
        // Fixed layout, no horizontal scroll: the texts wrap inside their columns at 1366 px.
        tableLayout="fixed"
        data-testid="disputes-table"
        columns={[
          {
            title: t('ctx.task'),
            width: 230,
            render: (_, d) => (
              <Space direction="vertical" size={0}>
                <Link to={`/assignments/${d.assignmentId}`}>{d.taskTitle}</Link>
                <Typography.Text type="secondary">
                  {orgs.name(d.streetCode)} ← {orgs.name(d.departmentCode)}
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: t('assignment.disputeReason'),
            render: (_, d) => (
              <Space direction="vertical" size={2}>
                <Tag>{label('disputeReason', d.reasonCode)}</Tag>
                <span style={{ whiteSpace: 'pre-wrap' }}>{d.reason}</span>
              </Space>
            ),
          },
          {
            title: t('ctx.disputedDecision'),
            width: 170,
            render: (_, d) =>
              d.decision ? (
                <Space direction="vertical" size={2}>
                  <OutcomeTag outcome={d.decision.outcome} />
                  <RuleLabel ruleId={d.decision.ruleId} />
                </Space>
              ) : (
                '—'
              ),
          },
          {
            title: t('assignment.citedMatter'),
            width: 150,
            render: (_, d) =>
              d.citedMatter ? `${d.citedMatter.name}(${d.citedMatter.code})` : (d.citedMatterCode ?? '—'),
          },
          {
            title: t('disputes.result'),
            width: 170,
            render: (_, d) =>
              d.upheld ? (
                <Space direction="vertical" size={0}>
                  <Tag color={d.upheld === 'street' ? 'green' : 'blue'}>
                    {t(`disputes.upheld.${d.upheld}`)}
                  </Tag>
                  <span style={{ whiteSpace: 'pre-wrap' }}>{d.note}</span>
                  <Typography.Text type="secondary">{time(d.decidedAt)}</Typography.Text>
                </Space>
              ) : d.state === 'decided' ? (
                t('disputes.withdrawn')
              ) : (
                <Typography.Text type="secondary">{time(d.createdAt)}</Typography.Text>
              ),
          },
          {
            title: t('common.actions'),
            width: 90,
            render: (_, d) =>
              can('arbitrate') && d.state === 'open' ? (
                <Button type="primary" size="small" onClick={() => setDeciding(d)} data-testid="arbitrate">
                  {t('disputes.decide')}
                </Button>
              ) : null,
          },
        ]}
      />

      <ActionModal<{ upheld: 'street' | 'department'; note: string }>
        open={!!deciding}
        width={960}
        title={
          deciding
            ? t('disputes.dialogTitle', { title: deciding.taskTitle, street: orgs.name(deciding.streetCode) })
            : t('disputes.decide')
        }
        fields={['upheld', 'note']}
        onCancel={() => setDeciding(null)}
        onConflict={list.reload}
        onSubmit={async (v) => {
          if (!deciding) return;
          // The list (and the assignment, the overdue board …) refresh by invalidation.
          await arbitrate.mutateAsync({ id: deciding.id, upheld: v.upheld, note: v.note });
          setDeciding(null);
          void message.success(t('disputes.decided'));
        }}
      >
        {deciding && (
          <div style={{ marginBottom: 16 }}>
            <DeciderContext
              title={deciding.taskTitle}
              streetCode={deciding.streetCode}
              departmentCode={deciding.departmentCode}
              description={deciding.taskDescription}
              legalBasis={deciding.legalBasis}
              decision={deciding.decision}
              decisionLabel={t('ctx.disputedDecision')}
              matter={{
                matter: deciding.matter,
                code: deciding.decision?.inputs.matterCode as string | null,
              }}
              street={{
                reasonTag: <Tag>{label('disputeReason', deciding.reasonCode)}</Tag>,
                reason: deciding.reason,
                cited: deciding.citedMatter,
                citedCode: deciding.citedMatterCode,
              }}
            />
          </div>
        )}
        <Form.Item name="upheld" label={t('disputes.upheld')} rules={required}>
          <Radio.Group
            options={[
              { value: 'street', label: t('disputes.upheld.street') },
              { value: 'department', label: t('disputes.upheld.department') },
            ]}
          />
        </Form.Item>
        <TextAreaItem name="note" label={t('common.note')} />
      </ActionModal>
    </Card>
  );
}
