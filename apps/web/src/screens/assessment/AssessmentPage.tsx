import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Row,
  Segmented,
  Select,
  Space,
  Spin,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import {
  assessmentApi,
  assessmentQueries,
  saveFile,
  useAssessmentMutations,
  type Assessment,
  type ScorecardKind,
  assessmentKeys,
} from '../../api/assessment';
import { Confirm, RefreshButton } from '../../components/controls';
import { useShowError } from '../../components/errors';
import { QueryError } from '../../components/QueryError';
import { useI18n } from '../../i18n';
import { useSession } from '../../shell/session';
import { recentPeriods } from './periods';
import { ScoreChart } from './ScoreChart';
import { ScorecardTable } from './ScorecardTable';
import { TrendChart } from './TrendChart';
import { WeightsView } from './WeightsView';

const STATE_COLOURS = { computing: 'processing', ready: 'gold', published: 'green' } as const;

/**
 * Supervisor (督查室): pick a month or quarter, compute it (the worker does; the page polls), see
 * the department and street scorecards with a chart each, the violation-index trend per
 * department, publish (then frozen) and export. Reviewers and admins see the same, read-only.
 */
export function AssessmentPage() {
  const canManage = !!useSession().user?.roles.includes('supervisor');
  const { t, time } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const [periodKind, setPeriodKind] = useState<'month' | 'quarter'>('month');
  const list = useQuery(assessmentQueries.list());
  const options = useMemo(
    () =>
      recentPeriods(
        periodKind,
        new Date(),
        (list.data ?? []).map((a) => a.period),
      ),
    [periodKind, list.data],
  );
  const [chosen, setChosen] = useState<Record<string, string>>({});
  // The previous month is the usual one to assess (the current one is still running).
  const period = chosen[periodKind] ?? options[periodKind === 'month' ? 1 : 0];
  const detail = useQuery(assessmentQueries.detail(period));
  const a = detail.data ?? null;
  const hasCards = a !== null && a.state !== 'computing';
  // The worker finishes a computation after the request returned: once the period is no longer
  // computing, the trend (read while it was) is read again.
  const qc = useQueryClient();
  useEffect(() => {
    if (a && a.state !== 'computing')
      void qc.invalidateQueries({ queryKey: [...assessmentKeys.all, 'trend'] });
  }, [qc, a]);
  const { compute, publish } = useAssessmentMutations();
  const [exporting, setExporting] = useState<string | null>(null);

  const doExport = async (format: 'xlsx' | 'csv') => {
    setExporting(format);
    try {
      saveFile(await assessmentApi.export(period, format));
    } catch (e) {
      showError(e);
    } finally {
      setExporting(null);
    }
  };

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card
        title={t('assessment.title')}
        extra={
          <Space wrap>
            <Segmented
              value={periodKind}
              onChange={(v) => setPeriodKind(v as 'month' | 'quarter')}
              options={[
                { value: 'month', label: t('assessment.month') },
                { value: 'quarter', label: t('assessment.quarter') },
              ]}
            />
            <Select
              style={{ width: 140 }}
              value={period}
              onChange={(p) => setChosen({ ...chosen, [periodKind]: p })}
              options={options.map((p) => ({ value: p, label: p }))}
              aria-label={t('assessment.period')}
              data-testid="period-select"
            />
            {canManage && a?.state !== 'published' && (
              <Button
                type="primary"
                loading={compute.isPending || a?.state === 'computing'}
                onClick={() =>
                  compute.mutate(period, {
                    onSuccess: () => void message.success(t('assessment.computeStarted')),
                    onError: (e) => showError(e, detail.refetch),
                  })
                }
                data-testid="compute"
              >
                {a ? t('assessment.recompute') : t('assessment.compute')}
              </Button>
            )}
            {canManage && a?.state === 'ready' && (
              <Confirm
                title={t('assessment.publishConfirm', { period })}
                onConfirm={() =>
                  publish.mutate(period, {
                    onSuccess: () => void message.success(t('assessment.published')),
                    onError: (e) => showError(e, detail.refetch),
                  })
                }
              >
                <Button loading={publish.isPending} data-testid="publish">
                  {t('assessment.publish')}
                </Button>
              </Confirm>
            )}
            {hasCards && (
              <>
                <Button loading={exporting === 'xlsx'} onClick={() => void doExport('xlsx')}>
                  {t('assessment.exportXlsx')}
                </Button>
                <Button loading={exporting === 'csv'} onClick={() => void doExport('csv')}>
                  {t('assessment.exportCsv')}
                </Button>
              </>
            )}
            <RefreshButton onRefresh={() => Promise.all([detail.refetch(), list.refetch()])} />
          </Space>
        }
      >
        {detail.error ? (
          <QueryError error={detail.error} onRetry={detail.refetch} />
        ) : detail.isLoading ? (
          <Spin />
        ) : a === null ? (
          <Empty description={t('assessment.notComputed')} data-testid="not-computed" />
        ) : (
          <AssessmentSummary a={a} time={time} />
        )}
      </Card>
      {a?.state === 'computing' && <Alert type="info" showIcon message={t('assessment.state.computing')} />}
      {hasCards && (
        <Tabs
          items={(['department', 'street'] as ScorecardKind[]).map((kind) => ({
            key: kind,
            label: t(kind === 'street' ? 'assessment.streets' : 'assessment.departments'),
            children: <KindScorecards period={period} kind={kind} />,
          }))}
        />
      )}
      <Card title={t('assessment.trend')}>
        <TrendChart periodKind={periodKind} />
      </Card>
    </Space>
  );
}

function AssessmentSummary({ a, time }: { a: Assessment; time: (iso: string | null) => string }) {
  const { t } = useI18n();
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Descriptions size="small" column={{ xs: 1, md: 3 }}>
        <Descriptions.Item label={t('assessment.state')}>
          <Tag color={STATE_COLOURS[a.state]} data-testid="assessment-state">
            {t(`assessment.state.${a.state}`)}
          </Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('assessment.computedAt')}>{time(a.computedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('assessment.publishedAt')}>{time(a.publishedAt)}</Descriptions.Item>
      </Descriptions>
      <WeightsView a={a} />
      <Typography.Text type="secondary">{t('assessment.formulaNote')}</Typography.Text>
    </Space>
  );
}

function KindScorecards({ period, kind }: { period: string; kind: ScorecardKind }) {
  const cards = useQuery(assessmentQueries.scorecards(period, kind));
  if (cards.error) return <QueryError error={cards.error} onRetry={cards.refetch} />;
  return (
    <Row gutter={[16, 16]}>
      <Col span={24}>
        <Card size="small">
          <ScoreChart cards={cards.data ?? []} testId={`chart-${kind}`} />
        </Card>
      </Col>
      <Col span={24}>
        <ScorecardTable kind={kind} cards={cards.data ?? []} loading={cards.isLoading} />
      </Col>
    </Row>
  );
}
