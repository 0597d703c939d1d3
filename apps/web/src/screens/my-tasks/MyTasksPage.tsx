import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Space } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { AssignmentState, TaskSummary } from '../../api';
import { queries } from '../../api/queries';
import { everydayApi } from '../../api/everyday';
import { RefreshButton, StateSelect } from '../../components/controls';
import { ExportButton } from '../../components/ExportButton';
import { KeysetTable } from '../../components/KeysetTable';
import { TitleLink } from '../../components/tags';
import { useKeyset } from '../../components/useKeyset';
import { useI18n } from '../../i18n';

/** Department: the tasks it submitted, newest first, keyset "load more". */
export function MyTasksPage() {
  const { t, label, time } = useI18n();
  const [state, setState] = useState<AssignmentState | undefined>();
  const list = useKeyset(queries.tasks({ state }));

  return (
    <Card
      title={t('menu.myTasks')}
      extra={
        <Space>
          <StateSelect
            placeholder={t('task.filterState')}
            style={{ width: 220 }}
            value={state}
            onChange={setState}
          />
          <RefreshButton onRefresh={list.reload} />
          <ExportButton download={() => everydayApi.exportTasks('xlsx', state)} testId="export-tasks" />
          <Link to="/tasks/new">
            <Button type="primary" icon={<PlusOutlined />}>
              {t('menu.submitTask')}
            </Button>
          </Link>
        </Space>
      }
    >
      <KeysetTable<TaskSummary>
        list={list}
        data-testid="tasks-table"
        columns={[
          {
            title: t('task.title'),
            dataIndex: 'title',
            render: (title: string, r) => <TitleLink to={`/tasks/${r.id}`} title={title} urgent={r.urgent} />,
          },
          {
            title: t('task.matter'),
            dataIndex: 'matterCode',
            render: (c: string | null) => c ?? t('common.none'),
          },
          { title: t('task.actionType'), dataIndex: 'actionType', render: (a: string) => label('action', a) },
          { title: t('task.dueAt'), dataIndex: 'dueAt', render: (v: string) => time(v) },
          { title: t('task.createdAt'), dataIndex: 'createdAt', render: (v: string) => time(v) },
        ]}
      />
    </Card>
  );
}
