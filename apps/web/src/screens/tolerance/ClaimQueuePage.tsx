import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Form,
  List,
  Radio,
  Row,
  Segmented,
  Space,
  Spin,
  Typography,
} from 'antd';
import { useState } from 'react';
import type { DecideClaimBody, ToleranceClaim, ToleranceClaimState } from '../../api';
import { useDecideClaim } from '../../api/mutations';
import { queries } from '../../api/queries';
import { ActionModal } from '../../components/ActionModal';
import { RefreshButton } from '../../components/controls';
import { TextAreaItem, useRequired } from '../../components/formItems';
import { KeysetTable } from '../../components/KeysetTable';
import { QueryError } from '../../components/QueryError';
import { TimelineView } from '../../components/TimelineView';
import { useKeyset } from '../../components/useKeyset';
import { useI18n } from '../../i18n';
import { useOrgs } from '../../shell/orgs';
import { ClaimStateTag, TargetSummary } from './parts';

type StateFilter = ToleranceClaimState | 'all';

/**
 * Supervisor (督查室): the claims, pending first; the one picked shows beside the queue with the
 * item it cites (as filed, and as the list has it now), the explanation and evidence, the
 * assignment's history and the organisation's earlier claims; decided with a reason.
 */
export function ClaimQueuePage() {
  const { t, time, lang } = useI18n();
  const orgs = useOrgs();
  const [state, setState] = useState<StateFilter>('pending');
  const [picked, setPicked] = useState<string | null>(null);
  const list = useKeyset(queries.claims({ state: state === 'all' ? undefined : state }));

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={10}>
        <Card title={t('tolerance.queue.title')} extra={<RefreshButton onRefresh={list.reload} />}>
          <Segmented<StateFilter>
            style={{ marginBottom: 12 }}
            value={state}
            onChange={setState}
            options={[
              { value: 'pending', label: t('toleranceState.pending') },
              { value: 'granted', label: t('toleranceState.granted') },
              { value: 'refused', label: t('toleranceState.refused') },
              { value: 'all', label: t('common.all') },
            ]}
          />
          <KeysetTable<ToleranceClaim>
            list={list}
            size="small"
            data-testid="claim-queue"
            onRow={(c) => ({
              onClick: () => setPicked(c.id),
              style: { cursor: 'pointer', background: c.id === picked ? '#fff1f0' : undefined },
            })}
            columns={[
              { title: t('overdue.org'), dataIndex: 'orgCode', render: (c: string) => orgs.name(c) },
              { title: t('tolerance.target'), render: (_, c) => <TargetSummary target={c.target} /> },
              {
                title: t('tolerance.item'),
                render: (_, c) => (lang === 'en' ? c.itemTextEn : c.itemText),
                width: 200,
              },
              { title: t('tolerance.filedAt'), dataIndex: 'filedAt', render: (v: string) => time(v) },
              {
                title: t('tolerance.claimState'),
                dataIndex: 'state',
                render: (s) => <ClaimStateTag state={s} />,
              },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24} xl={14}>
        {picked ? (
          <ClaimDetail id={picked} onDecided={list.reload} />
        ) : (
          <Card>
            <Empty description={t('tolerance.queue.pick')} />
          </Card>
        )}
      </Col>
    </Row>
  );
}

function ClaimDetail({ id, onDecided }: { id: string; onDecided: () => unknown }) {
  const { t, time, lang, label } = useI18n();
  const { message } = App.useApp();
  const orgs = useOrgs();
  const required = useRequired();
  const claim = useQuery(queries.claim(id));
  const decide = useDecideClaim();
  const [deciding, setDeciding] = useState(false);

  if (claim.error) return <QueryError error={claim.error} onRetry={claim.refetch} />;
  if (!claim.data)
    return (
      <Card>
        <Spin />
      </Card>
    );
  const c = claim.data;
  const itemChanged = c.state === 'pending' && (!c.item || !c.item.tolerable || c.item.retiredAt !== null);

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="claim-detail">
      <Card
        title={
          <Space>
            {orgs.name(c.orgCode)}
            <ClaimStateTag state={c.state} />
          </Space>
        }
        extra={
          c.state === 'pending' ? (
            <Button type="primary" onClick={() => setDeciding(true)} data-testid="decide-claim">
              {t('tolerance.decide')}
            </Button>
          ) : null
        }
      >
        <Descriptions column={1} size="small" bordered>
          <Descriptions.Item label={t('tolerance.target')}>
            <TargetSummary target={c.target} />
          </Descriptions.Item>
          <Descriptions.Item label={t('tolerance.aroseAt')}>{time(c.aroseAt)}</Descriptions.Item>
          <Descriptions.Item label={t('tolerance.queue.claimedItem')}>
            <Space direction="vertical" size={0}>
              <Typography.Text strong>{lang === 'en' ? c.itemTextEn : c.itemText}</Typography.Text>
              <Typography.Text type="secondary">{c.itemCode}</Typography.Text>
              {c.item && (c.item.text !== c.itemText || c.item.textEn !== c.itemTextEn) ? (
                <Typography.Text type="secondary">
                  {t('tolerance.queue.itemNow')}: {lang === 'en' ? c.item.textEn : c.item.text}
                </Typography.Text>
              ) : null}
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t('tolerance.explanation')}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
              {c.explanation}
            </Typography.Paragraph>
          </Descriptions.Item>
          <Descriptions.Item label={t('tolerance.evidence')}>{c.evidence ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('tolerance.filedAt')}>
            {time(c.filedAt)} · {c.filedBy}
          </Descriptions.Item>
          {c.decidedAt ? (
            <Descriptions.Item label={t('tolerance.note')}>
              {c.note} ({time(c.decidedAt)} · {c.decidedBy})
            </Descriptions.Item>
          ) : null}
        </Descriptions>
        {itemChanged ? (
          <Alert
            style={{ marginTop: 12 }}
            type="warning"
            showIcon
            message={c.item?.retiredAt ? t('tolerance.queue.itemRetired') : t('tolerance.queue.itemChanged')}
          />
        ) : null}
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('tolerance.queue.history')}>
            {c.history.length ? (
              <TimelineView events={c.history} />
            ) : (
              <Typography.Text type="secondary">{t('tolerance.queue.noHistory')}</Typography.Text>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('tolerance.queue.claimEvents')} style={{ marginBottom: 16 }}>
            <TimelineView events={c.events} />
          </Card>
          <Card size="small" title={t('tolerance.queue.earlier')}>
            <List
              size="small"
              dataSource={c.earlierClaims}
              locale={{ emptyText: t('common.none') }}
              renderItem={(e) => (
                <List.Item>
                  <Space direction="vertical" size={0}>
                    <Space>
                      <ClaimStateTag state={e.state} />
                      <span>{label('toleranceTarget', e.targetKind)}</span>
                    </Space>
                    <Typography.Text type="secondary">
                      {lang === 'en' ? e.itemTextEn : e.itemText} · {time(e.filedAt)}
                    </Typography.Text>
                  </Space>
                </List.Item>
              )}
            />
          </Card>
        </Col>
      </Row>

      <ActionModal<DecideClaimBody>
        open={deciding}
        title={t('tolerance.decide')}
        fields={['decision', 'note']}
        initialValues={itemChanged ? { decision: 'refused' } : undefined}
        onCancel={() => setDeciding(false)}
        onConflict={() => void Promise.all([claim.refetch(), onDecided()])}
        onSubmit={async (v) => {
          await decide.mutateAsync({ id: c.id, decision: v.decision, note: v.note });
          setDeciding(false);
          void message.success(t('tolerance.decided'));
        }}
      >
        <Form.Item name="decision" label={t('tolerance.decide')} rules={required}>
          <Radio.Group
            data-testid="claim-decision"
            options={[
              { value: 'granted', label: t('tolerance.decide.grant'), disabled: itemChanged },
              { value: 'refused', label: t('tolerance.decide.refuse') },
            ]}
          />
        </Form.Item>
        <TextAreaItem name="note" label={t('tolerance.decide.reason')} />
      </ActionModal>
    </Space>
  );
}
