import { useQuery } from '@tanstack/react-query';
import { Card, Col, Descriptions, Empty, Row, Select, Space, Spin, Statistic, Table, Typography } from 'antd';
import { useState } from 'react';
import {
  assessmentQueries,
  DEPARTMENT_METRICS,
  STREET_METRICS,
  type MetricName,
  type Scorecard,
} from '../../api/assessment';
import { QueryError } from '../../components/QueryError';
import { useI18n } from '../../i18n';
import { WeightsView } from './WeightsView';
import { formatMetric, formatScore } from './format';

/** A street or department: its own scorecard of each published period, with how every metric was computed. */
export function MyScorecardPage() {
  const { t, time } = useI18n();
  const list = useQuery(assessmentQueries.list());
  const [chosen, setChosen] = useState<string | undefined>();
  const periods = list.data ?? [];
  const period = chosen ?? periods[0]?.period;
  const a = periods.find((p) => p.period === period);
  const cards = useQuery(assessmentQueries.scorecards(period ?? '', undefined, !!period));
  const card = cards.data?.[0];

  return (
    <Card
      title={t('assessment.myTitle')}
      extra={
        periods.length > 0 && (
          <Select
            style={{ width: 140 }}
            value={period}
            onChange={setChosen}
            options={periods.map((p) => ({ value: p.period, label: p.period }))}
            aria-label={t('assessment.period')}
          />
        )
      }
    >
      {list.error ? (
        <QueryError error={list.error} onRetry={list.refetch} />
      ) : list.isLoading ? (
        <Spin />
      ) : !period ? (
        <Empty description={t('assessment.myEmpty')} />
      ) : cards.error ? (
        <QueryError error={cards.error} onRetry={cards.refetch} />
      ) : cards.isLoading ? (
        <Spin />
      ) : !card ? (
        <Empty description={t('assessment.myEmpty')} />
      ) : (
        <Space direction="vertical" size="large" style={{ width: '100%' }}>
          <Row gutter={24}>
            <Col>
              <Statistic
                title={t('assessment.score')}
                value={formatScore(card.score, t('assessment.noScore'))}
              />
            </Col>
            <Col>
              <Statistic title={t('assessment.rank')} value={card.rank ?? '—'} />
            </Col>
            <Col>
              <Descriptions size="small" column={1}>
                <Descriptions.Item label={t('assessment.publishedAt')}>
                  {time(a?.publishedAt)}
                </Descriptions.Item>
              </Descriptions>
            </Col>
          </Row>
          <MetricExplanations card={card} />
          <WeightsView a={card} />
          <Typography.Text type="secondary">{t('assessment.formulaNote')}</Typography.Text>
        </Space>
      )}
    </Card>
  );
}

interface Row {
  metric: MetricName;
}

/** Every metric of a scorecard: its value, numerator / denominator, 0..1 contribution, weight, and what it counts. */
function MetricExplanations({ card }: { card: Scorecard }) {
  const { t } = useI18n();
  const metrics = card.kind === 'street' ? STREET_METRICS : DEPARTMENT_METRICS;
  return (
    <div data-testid="my-metrics">
      <Table<Row>
        size="small"
        rowKey="metric"
        pagination={false}
        dataSource={metrics.map((metric) => ({ metric }))}
        columns={[
          {
            title: t('assessment.how'),
            key: 'name',
            render: (_, r) => <Typography.Text strong>{t(`metric.${r.metric}`)}</Typography.Text>,
          },
          {
            title: t('assessment.value'),
            key: 'value',
            render: (_, r) => {
              const v = card.metrics[r.metric];
              if (!v || v.value === null) return t('assessment.noFacts');
              return v.denominator === null
                ? formatMetric(r.metric, v.value)
                : `${formatMetric(r.metric, v.value)} (${t('assessment.fraction', { numerator: v.numerator ?? 0, denominator: v.denominator })})`;
            },
          },
          {
            title: t('assessment.contribution'),
            key: 'normalised',
            render: (_, r) => {
              const n = card.metrics[r.metric]?.normalised;
              return n === null || n === undefined ? '—' : n.toFixed(3);
            },
          },
          {
            title: t('assessment.weight'),
            key: 'weight',
            render: (_, r) => (card.weights[card.kind] as Record<string, number>)[r.metric],
          },
          { title: t('common.note'), key: 'help', render: (_, r) => t(`metricHelp.${r.metric}`) },
        ]}
      />
    </div>
  );
}
