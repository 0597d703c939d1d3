import { App, Button, Card, Form, Radio, Segmented, Space, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { Dispute } from '../../api';
import { useArbitrate } from '../../api/mutations';
import { queries } from '../../api/queries';
import { ActionModal } from '../../components/ActionModal';
import { RefreshButton } from '../../components/controls';
import { TextAreaItem, useRequired } from '../../components/formItems';
import { KeysetTable } from '../../components/KeysetTable';
import { useKeyset } from '../../components/useKeyset';
import { useI18n } from '../../i18n';
import { useOrgs } from '../../shell/orgs';
import { usePermissions } from '../../shell/permissions';

/** Reviewer (编办): disputes streets raised, with the arbitration (uphold the street or the department). */
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
        scroll={{ x: 1100 }}
        columns={[
          {
            title: t('assignment.street'),
            dataIndex: 'streetCode',
            render: (c: string, d) => <Link to={`/assignments/${d.assignmentId}`}>{orgs.name(c)}</Link>,
          },
          {
            title: t('disputes.department'),
            dataIndex: 'departmentCode',
            render: (c: string) => orgs.name(c),
          },
          {
            title: t('assignment.disputeReason'),
            dataIndex: 'reasonCode',
            render: (r: string) => <Tag>{label('disputeReason', r)}</Tag>,
          },
          {
            title: t('assignment.citedMatter'),
            dataIndex: 'citedMatterCode',
            render: (c: string | null) => c ?? '—',
          },
          { title: t('assignment.disputeText'), dataIndex: 'reason', width: 320 },
          { title: t('common.createdAt'), dataIndex: 'createdAt', render: (v: string) => time(v) },
          {
            title: t('disputes.result'),
            render: (_, d) =>
              d.upheld ? (
                <Space direction="vertical" size={0}>
                  <Tag color={d.upheld === 'street' ? 'green' : 'blue'}>
                    {t(`disputes.upheld.${d.upheld}`)}
                  </Tag>
                  <span>{d.note}</span>
                  <span>{time(d.decidedAt)}</span>
                </Space>
              ) : d.state === 'decided' ? (
                d.note
              ) : (
                '—'
              ),
          },
          {
            title: t('common.actions'),
            fixed: 'right',
            render: (_, d) =>
              can('arbitrate') && d.state === 'open' ? (
                <Button type="primary" size="small" onClick={() => setDeciding(d)}>
                  {t('disputes.decide')}
                </Button>
              ) : null,
          },
        ]}
      />

      <ActionModal<{ upheld: 'street' | 'department'; note: string }>
        open={!!deciding}
        title={t('disputes.decide')}
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
