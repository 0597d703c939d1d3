import { DiffOutlined } from '@ant-design/icons';
import { Button, Card, Drawer, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import type { Matter } from '../../api';
import { queries } from '../../api/queries';
import { MatterText } from '../../components/MatterText';
import { QueryError } from '../../components/QueryError';
import { useI18n } from '../../i18n';
import { useVersionOptions } from './versionOptions';

/**
 * Everyone: the responsibility list, version by version (the one in force marked 现行版本),
 * searched by text and filtered by category; a matter's whole row in a drawer. The version, the
 * search and the category are in the URL, so a link shows the same list.
 */
export function MattersPage() {
  const { t, label } = useI18n();
  const [params, setParams] = useSearchParams();
  const versions = useQuery(queries.listVersions());
  const current = versions.data?.find((v) => v.inForce) ?? versions.data?.[0];
  const versionId = params.get('version') ?? current?.id ?? '';
  const q = params.get('q') ?? '';
  const category = params.get('category') ?? '';
  const [search, setSearch] = useState(q);
  const [open, setOpen] = useState<Matter | null>(null);
  const all = useQuery({ ...queries.versionMatters(versionId, {}), enabled: !!versionId });
  const filtered = useQuery({ ...queries.versionMatters(versionId, { q, category }), enabled: !!versionId });
  const categories = [...new Set((all.data?.items ?? []).map((m) => m.category))];
  const versionOptions = useVersionOptions(versions.data);

  const set = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };

  if (versions.error) return <QueryError error={versions.error} onRetry={versions.refetch} />;
  const error = filtered.error ?? all.error;
  return (
    <Card
      title={t('browser.title')}
      loading={versions.isPending}
      extra={
        versionId && (
          <Link to={`/matters/diff?to=${versionId}`}>
            <Button icon={<DiffOutlined />} data-testid="compare">
              {t('browser.compare')}
            </Button>
          </Link>
        )
      }
    >
      {versions.data && versions.data.length === 0 ? (
        <Typography.Text type="secondary">{t('browser.noVersion')}</Typography.Text>
      ) : (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Space wrap>
            <Select
              style={{ minWidth: 300 }}
              value={versionId || undefined}
              options={versionOptions}
              onChange={(v: string) => set('version', v)}
              aria-label={t('browser.version')}
              data-testid="version-select"
            />
            <Select
              style={{ minWidth: 160 }}
              value={category}
              onChange={(v: string) => set('category', v)}
              options={[
                { value: '', label: t('browser.allCategories') },
                ...categories.map((c) => ({ value: c, label: c })),
              ]}
              data-testid="category-select"
            />
            <Input.Search
              allowClear
              style={{ width: 320 }}
              placeholder={t('browser.search')}
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              onSearch={(v) => set('q', v.trim())}
              data-testid="matter-search"
            />
            {filtered.data && (
              <Typography.Text type="secondary">
                {t('browser.count', { n: filtered.data.items.length })}
              </Typography.Text>
            )}
          </Space>
          {error ? (
            <QueryError
              error={error}
              onRetry={() => {
                void all.refetch();
                void filtered.refetch();
              }}
            />
          ) : (
            <Table<Matter>
              rowKey="code"
              size="middle"
              tableLayout="fixed"
              data-testid="matters-table"
              loading={filtered.isPending && !!versionId}
              dataSource={filtered.data?.items}
              pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
              onRow={(m) => ({ onClick: () => setOpen(m), style: { cursor: 'pointer' } })}
              columns={[
                { title: t('matter.code'), dataIndex: 'code', width: 90 },
                {
                  title: t('matter.name'),
                  dataIndex: 'name',
                  render: (n: string) => <Typography.Link>{n}</Typography.Link>,
                },
                { title: t('matter.category'), dataIndex: 'category', width: 110 },
                {
                  title: t('matter.mode'),
                  dataIndex: 'mode',
                  width: 150,
                  render: (m: string) => <Tag color="blue">{label('mode', m)}</Tag>,
                },
                { title: t('matter.principalDept'), dataIndex: 'principalDept', width: 200 },
                {
                  title: t('matter.streetEnforcementPower'),
                  dataIndex: 'streetEnforcementPower',
                  width: 150,
                  render: (p: string) => label('power', p),
                },
              ]}
            />
          )}
        </Space>
      )}
      <Drawer
        open={!!open}
        width={640}
        title={open ? `${open.name}(${open.code})` : t('browser.detail')}
        onClose={() => setOpen(null)}
        destroyOnHidden
      >
        <MatterText matter={open} full testId="matter-detail" />
      </Drawer>
    </Card>
  );
}
