import { Button, Card, DatePicker, Input, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import type { SortOrder } from 'antd/es/table/interface';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import type { Assignment, AssignmentSort, BatchResult } from '../../api';
import {
  everydayApi,
  everydayQueries,
  useBatchReview,
  useBatchSign,
  type WorklistFilter,
} from '../../api/everyday';
import { Countdown } from '../../components/Countdown';
import { ExportButton } from '../../components/ExportButton';
import { Confirm, OrgSelect, RefreshButton, StateSelect } from '../../components/controls';
import { useShowError } from '../../components/errors';
import { keysetEmptyText, keysetFooter } from '../../components/KeysetTable';
import { OutcomeTag, RoleTag, StateOverdueTags, TitleLink } from '../../components/tags';
import { useKeyset } from '../../components/useKeyset';
import { useI18n } from '../../i18n';
import { inBeijing } from '../../i18n/beijing';
import { useOrgs } from '../../shell/orgs';
import { useSession } from '../../shell/session';
import { BatchResults } from './BatchResults';
import { BatchReviewModal } from './BatchReviewModal';
import { DEFAULT_SORT, filterFromUrl, filterToUrl } from './filters';

type Clock = 'all' | 'dueSoon' | 'overdue';

/** The column a sort orders by, and the way. */
const SORT_COLUMN: Record<AssignmentSort, ['dueAt' | 'createdAt', SortOrder]> = {
  dueAt: ['dueAt', 'ascend'],
  '-dueAt': ['dueAt', 'descend'],
  createdAt: ['createdAt', 'ascend'],
  '-createdAt': ['createdAt', 'descend'],
};

/**
 * Everyone's searchable list of assignments: search by title or matter, filters by state,
 * street, department, district and due dates, sortable by deadline (the default) or creation,
 * all kept in the URL (a link opens the same list). Countdowns on open items; XLSX export of
 * what is shown; batch sign-for (street) and batch review of one task's streets (编办).
 */
export function WorklistPage() {
  const { t } = useI18n();
  const { role } = useSession();
  const orgs = useOrgs();
  const showError = useShowError();
  const [params, setParams] = useSearchParams();
  const filter = useMemo(() => filterFromUrl(params), [params]);
  const list = useKeyset(everydayQueries.worklist(filter));
  const [selected, setSelected] = useState<string[]>([]);
  const [result, setResult] = useState<{ result: BatchResult; rows: Assignment[] } | null>(null);
  const [reviewing, setReviewing] = useState(false);
  const batchSign = useBatchSign();
  const batchReview = useBatchReview();

  const set = (patch: Partial<WorklistFilter>) => {
    setSelected([]);
    setParams(filterToUrl({ ...filter, ...patch }), { replace: true });
  };
  const clock: Clock = filter.overdue ? 'overdue' : filter.dueSoon ? 'dueSoon' : 'all';
  const [sortColumn, sortOrder] = SORT_COLUMN[filter.sort ?? DEFAULT_SORT];
  const order = (column: 'dueAt' | 'createdAt') => (sortColumn === column ? sortOrder : null);

  // What a row may be picked for: the street signs for what awaits it, the 编办 reviews.
  const batchState = role === 'street' ? 'awaiting_signoff' : role === 'reviewer' ? 'in_review' : null;
  const picked = list.items.filter((a) => selected.includes(a.id));
  const oneTask = new Set(picked.map((a) => a.taskId)).size === 1;

  const signAll = async () => {
    try {
      const r = await batchSign.mutateAsync(picked.map((a) => ({ id: a.id, version: a.version })));
      setResult({ result: r, rows: picked });
      setSelected([]);
    } catch (e) {
      showError(e);
    }
  };

  return (
    <Card
      title={t('worklist.title')}
      extra={
        <Space wrap>
          <ExportButton download={() => everydayApi.exportAssignments(filter)} testId="export-xlsx" />
          <RefreshButton onRefresh={list.reload} />
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 12 }} data-testid="worklist-filters">
        <Input.Search
          allowClear
          placeholder={t('worklist.search')}
          defaultValue={filter.q}
          key={filter.q ?? ''}
          onSearch={(q) => set({ q: q.trim() || undefined })}
          style={{ width: 240 }}
          data-testid="worklist-search"
        />
        <StateSelect
          placeholder={t('common.state')}
          style={{ width: 160 }}
          value={filter.state}
          onChange={(state) => set({ state })}
          data-testid="worklist-state"
        />
        {role !== 'street' && (
          <OrgSelect
            allowClear
            placeholder={t('worklist.street')}
            style={{ width: 200 }}
            options={orgs.streets.map((o) => ({ value: o.code, label: orgs.name(o.code) }))}
            value={filter.streetCode}
            onChange={(streetCode) => set({ streetCode })}
          />
        )}
        {role !== 'department' && (
          <OrgSelect
            allowClear
            placeholder={t('worklist.department')}
            style={{ width: 200 }}
            options={orgs.orgs
              .filter((o) => o.kind === 'department')
              .map((o) => ({ value: o.code, label: orgs.name(o.code) }))}
            value={filter.submitterCode}
            onChange={(submitterCode) => set({ submitterCode })}
          />
        )}
        {role !== 'street' && (
          <Select
            allowClear
            placeholder={t('worklist.district')}
            style={{ width: 140 }}
            options={orgs.districts.map((d) => ({ value: d.code, label: d.name }))}
            value={filter.districtCode}
            onChange={(districtCode) => set({ districtCode })}
          />
        )}
        <DatePicker.RangePicker
          placeholder={[t('worklist.dueFrom'), t('worklist.dueTo')]}
          value={[filter.dueFrom ? dayjs(filter.dueFrom) : null, filter.dueTo ? dayjs(filter.dueTo) : null]}
          onChange={(r) =>
            set({
              dueFrom: r?.[0]?.format('YYYY-MM-DD') || undefined,
              dueTo: r?.[1]?.format('YYYY-MM-DD') || undefined,
            })
          }
          allowEmpty={[true, true]}
        />
        <Segmented<Clock>
          value={clock}
          onChange={(c) =>
            set({ overdue: c === 'overdue' ? true : undefined, dueSoon: c === 'dueSoon' ? true : undefined })
          }
          options={[
            { value: 'all', label: t('common.all') },
            { value: 'dueSoon', label: t('worklist.dueSoon') },
            { value: 'overdue', label: t('worklist.overdue') },
          ]}
          data-testid="worklist-clock"
        />
        {filter.extensionPending && (
          <Tag closable onClose={() => set({ extensionPending: undefined })} color="blue">
            {t('worklist.extensionPending')}
          </Tag>
        )}
        <Button onClick={() => setParams(new URLSearchParams(), { replace: true })}>
          {t('worklist.reset')}
        </Button>
      </Space>

      {batchState && (
        <Space style={{ marginBottom: 12 }} wrap>
          <Typography.Text type="secondary">
            {t('worklist.batch.selected', { n: picked.length })}
          </Typography.Text>
          {role === 'street' && (
            <Confirm
              title={t('worklist.batch.signConfirm', { n: picked.length })}
              onConfirm={() => void signAll()}
              disabled={!picked.length}
            >
              <Button
                type="primary"
                disabled={!picked.length}
                loading={batchSign.isPending}
                data-testid="batch-sign"
              >
                {t('worklist.batch.sign')}
              </Button>
            </Confirm>
          )}
          {role === 'reviewer' && (
            <>
              <Button
                type="primary"
                disabled={!picked.length || !oneTask}
                onClick={() => setReviewing(true)}
                data-testid="batch-review"
              >
                {t('worklist.batch.review')}
              </Button>
              {picked.length > 0 && !oneTask && (
                <Typography.Text type="warning">{t('worklist.batch.oneTask')}</Typography.Text>
              )}
            </>
          )}
        </Space>
      )}

      <Table<Assignment>
        rowKey="id"
        size="middle"
        data-testid="worklist-table"
        loading={list.loading}
        dataSource={list.loaded ? list.items : undefined}
        pagination={false}
        locale={{ emptyText: keysetEmptyText(list) }}
        footer={keysetFooter(list) ? () => keysetFooter(list) : undefined}
        rowSelection={
          batchState
            ? {
                selectedRowKeys: selected,
                onChange: (keys) => setSelected(keys as string[]),
                getCheckboxProps: (a) => ({ disabled: a.state !== batchState }),
              }
            : undefined
        }
        onChange={(_p, _f, sorter) => {
          const s = Array.isArray(sorter) ? sorter[0] : sorter;
          const column = s?.columnKey as 'dueAt' | 'createdAt' | undefined;
          if (!column || !s.order) return set({ sort: DEFAULT_SORT });
          set({ sort: `${s.order === 'descend' ? '-' : ''}${column}` as AssignmentSort });
        }}
        columns={[
          {
            title: t('assignment.task'),
            dataIndex: 'taskTitle',
            ellipsis: true,
            render: (title: string, a) => (
              <TitleLink to={`/assignments/${a.id}`} title={title} urgent={a.urgent} />
            ),
          },
          role === 'street'
            ? {
                title: t('task.submitter'),
                dataIndex: 'submitterCode',
                width: 170,
                render: (c: string) => orgs.name(c),
              }
            : {
                title: t('worklist.street'),
                dataIndex: 'streetCode',
                width: 170,
                render: (c: string) => orgs.name(c),
              },
          {
            title: t('common.state'),
            dataIndex: 'state',
            width: 170,
            render: (_, a) => <StateOverdueTags state={a.state} overdue={a.overdue} />,
          },
          {
            title: t('worklist.timeLeft'),
            width: 130,
            render: (_, a) => <Countdown deadline={a.openDeadline} />,
          },
          {
            title: t('assignment.role'),
            width: 120,
            responsive: ['xl'],
            render: (_, a) => <RoleTag role={a.role} />,
          },
          {
            title: t('assignment.outcome'),
            width: 150,
            responsive: ['xl'],
            render: (_, a) => <OutcomeTag outcome={a.decision?.outcome} />,
          },
          {
            title: t('assignment.dueAt'),
            key: 'dueAt',
            dataIndex: 'dueAt',
            width: 150,
            sorter: true,
            sortOrder: order('dueAt'),
            sortDirections: ['ascend', 'descend', 'ascend'],
            render: (v: string) => inBeijing(v).format('YYYY-MM-DD HH:mm'),
          },
          {
            title: t('common.createdAt'),
            key: 'createdAt',
            dataIndex: 'createdAt',
            width: 150,
            responsive: ['lg'],
            sorter: true,
            sortOrder: order('createdAt'),
            sortDirections: ['descend', 'ascend', 'descend'],
            render: (v: string) => inBeijing(v).format('YYYY-MM-DD HH:mm'),
          },
          {
            title: t('worklist.print'),
            key: 'print',
            width: 90,
            render: (_, a) => (
              <Link to={`/print/order/${a.id}`} data-testid="print-order-link">
                {t('print.order')}
              </Link>
            ),
          },
        ]}
      />
      <BatchReviewModal
        open={reviewing}
        rows={picked}
        onCancel={() => setReviewing(false)}
        onSubmit={async (decision) => {
          const rows = picked;
          const r = await batchReview.mutateAsync({ ids: rows.map((a) => a.id), decision });
          setReviewing(false);
          setSelected([]);
          setResult({ result: r, rows });
        }}
      />
      <BatchResults
        result={result?.result ?? null}
        rows={result?.rows ?? []}
        onClose={() => setResult(null)}
      />
    </Card>
  );
}
