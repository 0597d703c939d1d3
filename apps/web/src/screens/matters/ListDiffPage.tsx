import { Card, Empty, Select, Space, Spin, Table, Tabs, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { ChangedItem, Condition, FieldChange, Matter, RoutingRule } from '../../api';
import { queries } from '../../api/queries';
import { useConditionText } from '../../components/conditionText';
import { QueryError } from '../../components/QueryError';
import { useI18n, type MessageKey } from '../../i18n';
import { useVersionOptions } from './versionOptions';

/**
 * Everyone: what one list version adds, removes and changes compared with another — matters by
 * code, routing rules by id, field by field. The two versions are in the URL (`?from=&to=`);
 * by default the version in force against the one before it.
 */
export function ListDiffPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const versions = useQuery(queries.listVersions());
  const all = versions.data ?? [];
  const toId = params.get('to') ?? all.find((v) => v.inForce)?.id ?? all[0]?.id ?? '';
  const toIndex = all.findIndex((v) => v.id === toId);
  // Versions are newest first: the default baseline is the one listed after the compared one.
  const fromId = params.get('from') ?? all[toIndex + 1]?.id ?? '';
  const diff = useQuery({ ...queries.listDiff(toId, fromId), enabled: !!toId && !!fromId });
  const options = useVersionOptions(versions.data);

  const set = (k: 'from' | 'to', v: string) => {
    const next = new URLSearchParams(params);
    next.set(k, v);
    if (k === 'to' && !next.get('from') && fromId) next.set('from', fromId);
    setParams(next, { replace: true });
  };

  if (versions.error) return <QueryError error={versions.error} onRetry={versions.refetch} />;
  const d = diff.data;
  return (
    <Card title={t('diff.title')} loading={versions.isPending}>
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Space wrap>
          <span>{t('diff.from')}</span>
          <Select
            style={{ minWidth: 280 }}
            value={fromId || undefined}
            options={options}
            onChange={(v: string) => set('from', v)}
            data-testid="diff-from"
          />
          <span>{t('diff.to')}</span>
          <Select
            style={{ minWidth: 280 }}
            value={toId || undefined}
            options={options}
            onChange={(v: string) => set('to', v)}
            data-testid="diff-to"
          />
        </Space>
        {!fromId || !toId ? (
          <Typography.Text type="secondary">{t('diff.pick')}</Typography.Text>
        ) : diff.error ? (
          <QueryError error={diff.error} onRetry={diff.refetch} />
        ) : !d ? (
          <Spin />
        ) : (
          <Tabs
            data-testid="diff-tabs"
            items={[
              {
                key: 'matters',
                label: `${t('diff.matters')}(${count(d.matters)})`,
                children: (
                  <DiffSection<Matter>
                    part={d.matters}
                    testId="diff-matters"
                    itemKey={(m) => m.code}
                    itemText={(m) => m.name}
                    fieldLabel={(f) => `matter.${f}` as MessageKey}
                  />
                ),
              },
              {
                key: 'rules',
                label: `${t('diff.rules')}(${count(d.rules)})`,
                children: (
                  <DiffSection<RoutingRule>
                    part={d.rules}
                    testId="diff-rules"
                    itemKey={(r) => r.id}
                    itemText={(r) => r.description}
                    fieldLabel={(f) => `diff.field.${f}` as MessageKey}
                  />
                ),
              },
            ]}
          />
        )}
      </Space>
    </Card>
  );
}

const count = (p: { added: unknown[]; removed: unknown[]; changed: unknown[] }) =>
  p.added.length + p.removed.length + p.changed.length;

function DiffSection<T>(p: {
  part: { added: T[]; removed: T[]; changed: ChangedItem[] };
  testId: string;
  itemKey: (x: T) => string;
  itemText: (x: T) => string;
  fieldLabel: (field: string) => MessageKey;
}) {
  const { t } = useI18n();
  const show = useValueText();
  const { added, removed, changed } = p.part;
  if (added.length + removed.length + changed.length === 0)
    return <Empty description={t('diff.none')} data-testid={p.testId} />;
  const items = (xs: T[], color: string, testId: string) => (
    <Space size={[4, 4]} wrap data-testid={testId}>
      {xs.map((x) => (
        <Tag key={p.itemKey(x)} color={color} style={{ whiteSpace: 'normal' }}>
          {p.itemKey(x)} {p.itemText(x)}
        </Tag>
      ))}
    </Space>
  );
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid={p.testId}>
      <Typography.Text>
        {t('diff.summary', { added: added.length, removed: removed.length, changed: changed.length })}
      </Typography.Text>
      {added.length > 0 && (
        <div>
          <Typography.Title level={5}>{t('diff.added')}</Typography.Title>
          {items(added, 'green', `${p.testId}-added`)}
        </div>
      )}
      {removed.length > 0 && (
        <div>
          <Typography.Title level={5}>{t('diff.removed')}</Typography.Title>
          {items(removed, 'red', `${p.testId}-removed`)}
        </div>
      )}
      {changed.length > 0 && (
        <div data-testid={`${p.testId}-changed`}>
          <Typography.Title level={5}>{t('diff.changed')}</Typography.Title>
          {changed.map((c) => (
            <Card key={c.key} size="small" title={`${c.key} ${c.label}`} style={{ marginBottom: 12 }}>
              <Table<FieldChange>
                rowKey="field"
                size="small"
                pagination={false}
                tableLayout="fixed"
                dataSource={c.changes}
                columns={[
                  {
                    title: t('diff.field'),
                    dataIndex: 'field',
                    width: 140,
                    render: (f: string) => t(p.fieldLabel(f)),
                  },
                  {
                    title: t('diff.before'),
                    render: (_, ch) => (
                      <del style={{ whiteSpace: 'pre-wrap' }}>{show(ch.field, ch.before)}</del>
                    ),
                  },
                  {
                    title: t('diff.after'),
                    render: (_, ch) => (
                      <ins style={{ whiteSpace: 'pre-wrap' }}>{show(ch.field, ch.after)}</ins>
                    ),
                  },
                ]}
              />
            </Card>
          ))}
        </div>
      )}
    </Space>
  );
}

/** A changed value as text: conditions in words, reasons in both languages, lists joined. */
function useValueText() {
  const { label, lang } = useI18n();
  const condition = useConditionText();
  return (field: string, v: unknown): ReactNode => {
    if (v === null || v === undefined || v === '') return '—';
    if (field === 'when') return condition(v as Condition);
    if (field === 'outcome') return label('outcome', String(v));
    if (field === 'mode') return label('mode', String(v));
    if (field === 'streetEnforcementPower') return label('power', String(v));
    if (field === 'reason' && typeof v === 'object') {
      const r = v as Record<string, string>;
      return lang === 'en' ? r.en : r['zh-CN'];
    }
    if (Array.isArray(v)) return v.join(';');
    return typeof v === 'object' ? JSON.stringify(v) : String(v);
  };
}
