import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, ASSIGNMENT_STATES, type TaskSummary } from '../../api';
import { useShowError } from '../../components/errors';
import { useKeyset } from '../../components/useKeyset';
import { useI18n } from '../../i18n';

/** Department: the tasks it submitted, newest first, keyset "load more". */
export function MyTasksPage() {
  const { t, label, time } = useI18n();
  const showError = useShowError();
  const [state, setState] = useState<string | undefined>();
  const list = useKeyset((cursor) => api.tasks({ state, cursor, limit: 20 }), [state], showError);

  return (
    <Card
      title={t('menu.myTasks')}
      extra={
        <Space>
          <Select
            allowClear
            placeholder={t('task.filterState')}
            style={{ width: 220 }}
            value={state}
            onChange={setState}
            options={ASSIGNMENT_STATES.map((s) => ({ value: s, label: label('state', s) }))}
          />
          <Button onClick={list.reload}>{t('common.refresh')}</Button>
          <Link to="/tasks/new">
            <Button type="primary" icon={<PlusOutlined />}>
              {t('menu.submitTask')}
            </Button>
          </Link>
        </Space>
      }
    >
      <Table<TaskSummary>
        rowKey="id"
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        data-testid="tasks-table"
        columns={[
          {
            title: t('task.title'),
            dataIndex: 'title',
            render: (title: string, r) => (
              <Space>
                <Link to={`/tasks/${r.id}`}>{title}</Link>
                {r.urgent && <Tag color="red">{t('task.urgentShort')}</Tag>}
              </Space>
            ),
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
        footer={
          list.hasMore
            ? () => (
                <Button onClick={list.loadMore} loading={list.loading} block>
                  {t('common.loadMore')}
                </Button>
              )
            : undefined
        }
      />
    </Card>
  );
}
