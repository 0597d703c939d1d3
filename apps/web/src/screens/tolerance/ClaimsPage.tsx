import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import type { ClaimableItem, FileClaimBody, ToleranceClaim } from '../../api';
import { useFileClaim } from '../../api/mutations';
import { queries } from '../../api/queries';
import { ActionModal } from '../../components/ActionModal';
import { RefreshButton } from '../../components/controls';
import { TextAreaItem, useRequired } from '../../components/formItems';
import { KeysetTable } from '../../components/KeysetTable';
import { QueryError } from '../../components/QueryError';
import { useKeyset } from '../../components/useKeyset';
import { useI18n } from '../../i18n';
import { ClaimStateTag, TargetSummary, TimeLeft } from './parts';

/**
 * Street or department (容错申请): its overdue deadlines, supervision items and lost disputes still
 * inside the 10-working-day window, each with the time left and a claim form offering only the
 * tolerable items of the list; below, the organisation's claims and their decisions.
 */
export function ClaimsPage() {
  const { t, label, time, lang } = useI18n();
  const { message } = App.useApp();
  const required = useRequired();
  const claimable = useQuery(queries.claimable());
  const items = useQuery(queries.toleranceItems());
  const mine = useKeyset(queries.claims({}));
  const fileClaim = useFileClaim();
  const [filing, setFiling] = useState<ClaimableItem | null>(null);
  const tolerable = (items.data ?? []).filter((i) => i.tolerable);

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card
        title={t('tolerance.claimable.title')}
        extra={<RefreshButton onRefresh={() => Promise.all([claimable.refetch(), mine.reload()])} />}
      >
        <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('tolerance.claimable.hint')} />
        {claimable.error ? (
          <QueryError error={claimable.error} onRetry={claimable.refetch} />
        ) : (
          <Table<ClaimableItem>
            rowKey={(r) => `${r.kind}:${r.id}`}
            loading={claimable.isLoading}
            dataSource={claimable.data?.items}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            locale={{ emptyText: t('tolerance.claimable.empty') }}
            scroll={{ x: 900 }}
            data-testid="claimable-table"
            columns={[
              { title: t('tolerance.target'), render: (_, r) => <TargetSummary target={r} /> },
              { title: t('tolerance.aroseAt'), dataIndex: 'aroseAt', render: (v: string) => time(v) },
              {
                title: t('tolerance.windowEndsAt'),
                dataIndex: 'windowEndsAt',
                render: (v: string) => time(v),
              },
              {
                title: t('tolerance.timeLeft'),
                dataIndex: 'windowEndsAt',
                render: (v: string, r) => (r.claim ? '—' : <TimeLeft until={v} />),
              },
              {
                title: t('common.actions'),
                fixed: 'right',
                render: (_, r) =>
                  r.claim ? (
                    <ClaimStateTag state={r.claim.state} />
                  ) : (
                    <Button type="primary" size="small" onClick={() => setFiling(r)} data-testid="file-claim">
                      {t('tolerance.file')}
                    </Button>
                  ),
              },
            ]}
          />
        )}
      </Card>

      <Card title={t('tolerance.mine.title')}>
        <KeysetTable<ToleranceClaim>
          list={mine}
          scroll={{ x: 1000 }}
          columns={[
            { title: t('tolerance.target'), render: (_, c) => <TargetSummary target={c.target} /> },
            {
              title: t('tolerance.item'),
              render: (_, c) => (lang === 'en' ? c.itemTextEn : c.itemText),
              width: 260,
            },
            { title: t('tolerance.explanation'), dataIndex: 'explanation', width: 260 },
            { title: t('tolerance.filedAt'), dataIndex: 'filedAt', render: (v: string) => time(v) },
            {
              title: t('tolerance.claimState'),
              dataIndex: 'state',
              render: (s) => <ClaimStateTag state={s} />,
            },
            {
              title: t('tolerance.note'),
              render: (_, c) =>
                c.decidedAt ? (
                  <Space direction="vertical" size={0}>
                    <span>{c.note}</span>
                    <Typography.Text type="secondary">{time(c.decidedAt)}</Typography.Text>
                  </Space>
                ) : (
                  '—'
                ),
            },
          ]}
        />
      </Card>

      <ActionModal<Omit<FileClaimBody, 'targetKind' | 'targetId'>>
        open={!!filing}
        title={filing ? `${t('tolerance.file')} · ${label('toleranceTarget', filing.kind)}` : ''}
        fields={['itemCode', 'explanation', 'evidence']}
        width={640}
        onCancel={() => setFiling(null)}
        onConflict={() => void claimable.refetch()}
        onSubmit={async (v) => {
          if (!filing) return;
          await fileClaim.mutateAsync({
            targetKind: filing.kind,
            targetId: filing.id,
            itemCode: v.itemCode,
            explanation: v.explanation,
            evidence: v.evidence || undefined,
          });
          setFiling(null);
          void message.success(t('tolerance.filed'));
        }}
      >
        {filing ? (
          <Space direction="vertical" style={{ width: '100%', marginBottom: 12 }}>
            <TargetSummary target={filing} />
            <span>
              {t('tolerance.windowEndsAt')}: {time(filing.windowEndsAt)} (
              <TimeLeft until={filing.windowEndsAt} />)
            </span>
          </Space>
        ) : null}
        {items.error ? <QueryError error={items.error} onRetry={items.refetch} /> : null}
        <Form.Item name="itemCode" label={t('tolerance.item')} rules={required}>
          <Select
            placeholder={t('tolerance.item.pick')}
            loading={items.isLoading}
            data-testid="claim-item"
            options={tolerable.map((i) => ({ value: i.code, label: lang === 'en' ? i.textEn : i.text }))}
            optionRender={(o) => <div style={{ whiteSpace: 'normal' }}>{o.label}</div>}
          />
        </Form.Item>
        <TextAreaItem name="explanation" label={t('tolerance.explanation')} rows={4} maxLength={4000} />
        <Form.Item name="evidence" label={t('tolerance.evidence')} extra={t('tolerance.evidence.hint')}>
          <Input maxLength={4000} />
        </Form.Item>
      </ActionModal>
    </Space>
  );
}
