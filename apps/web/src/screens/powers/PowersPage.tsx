import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Select, Space, Spin, Table, Tabs, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { downloadReport, powerQueries, type PowerView } from '../../api/powers';
import { useShowError } from '../../components/errors';
import { QueryError } from '../../components/QueryError';
import { useI18n } from '../../i18n';
import { useOrgs } from '../../shell/orgs';
import { PeriodPicker, PowerReportView, recentPeriods } from './PowerReportView';

/** The catalogue of delegated powers in force (the list version's, published with it). */
function Catalogue() {
  const { t, label } = useI18n();
  const orgs = useOrgs();
  const catalogue = useQuery(powerQueries.catalogue());
  if (catalogue.error) return <QueryError error={catalogue.error} onRetry={catalogue.refetch} />;
  if (!catalogue.data) return <Spin />;
  if (catalogue.data.length === 0)
    return <Alert type="info" showIcon message={t('powers.catalogue.empty')} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Text type="secondary">
        {t('powers.catalogue.version', { version: catalogue.data[0].listVersion })}
      </Typography.Text>
      <Table<PowerView>
        size="small"
        rowKey="code"
        dataSource={catalogue.data}
        pagination={false}
        scroll={{ x: 900 }}
        data-testid="powers-catalogue"
        columns={[
          { title: t('powers.catalogue.code'), dataIndex: 'code', width: 110 },
          { title: t('powers.catalogue.name'), dataIndex: 'name' },
          {
            title: t('powers.catalogue.matter'),
            dataIndex: 'matterCode',
            render: (c: string, p) => `${c} ${p.matterName}`,
          },
          {
            title: t('powers.catalogue.subjects'),
            dataIndex: 'subjects',
            render: (s: string[]) => s.map((x) => <Tag key={x}>{label('subject', x)}</Tag>),
          },
          { title: t('powers.catalogue.legalBasis'), dataIndex: 'legalBasis' },
          {
            title: t('powers.catalogue.streets'),
            dataIndex: 'streetCodes',
            render: (s: string[] | null) =>
              s === null ? t('powers.catalogue.allStreets') : s.map((c) => orgs.name(c)).join('、'),
          },
        ]}
      />
    </Space>
  );
}

/** 编办 (and the supervision office): the catalogue in force and the delegated-powers report with its chart and exports. */
export function PowersPage() {
  const { t } = useI18n();
  const orgs = useOrgs();
  const showError = useShowError();
  const [period, setPeriod] = useState(() => recentPeriods('quarter')[0]);
  const [districtCode, setDistrictCode] = useState<string | undefined>();
  const [exporting, setExporting] = useState<'csv' | 'xlsx' | null>(null);
  const exportAs = async (format: 'csv' | 'xlsx') => {
    setExporting(format);
    try {
      await downloadReport({ period, districtCode }, format);
    } catch (e) {
      showError(e);
    } finally {
      setExporting(null);
    }
  };

  return (
    <Card title={t('powers.report.title')}>
      <Tabs
        defaultActiveKey="report"
        items={[
          {
            key: 'report',
            label: t('powers.report.tab.report'),
            children: (
              <Space direction="vertical" style={{ width: '100%' }} size="middle">
                <Space wrap>
                  <PeriodPicker value={period} onChange={setPeriod} />
                  <Select
                    allowClear
                    style={{ width: 160 }}
                    placeholder={t('powers.report.allDistricts')}
                    value={districtCode}
                    onChange={setDistrictCode}
                    options={orgs.districts.map((d) => ({ value: d.code, label: `${d.name} (${d.code})` }))}
                  />
                  {(['xlsx', 'csv'] as const).map((f) => (
                    <Button
                      key={f}
                      icon={<DownloadOutlined />}
                      loading={exporting === f}
                      onClick={() => void exportAs(f)}
                      data-testid={`export-${f}`}
                    >
                      {t('powers.report.export', { format: f.toUpperCase() })}
                    </Button>
                  ))}
                </Space>
                <PowerReportView period={period} districtCode={districtCode} />
              </Space>
            ),
          },
          { key: 'catalogue', label: t('powers.report.tab.catalogue'), children: <Catalogue /> },
        ]}
      />
    </Card>
  );
}
