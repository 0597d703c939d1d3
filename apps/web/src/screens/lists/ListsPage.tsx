import { UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  Modal,
  Space,
  Table,
  Tag,
  Upload,
  type UploadFile,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { api, ApiError, type ErrorDetail, type ListVersion, type RuleTable } from '../../api';
import { Confirm, RefreshButton } from '../../components/controls';
import { applyFieldErrors, useShowError } from '../../components/errors';
import { SubmitItem, useRequired } from '../../components/formItems';
import { useFetched } from '../../components/useFetched';
import { useI18n } from '../../i18n';

interface ImportValues {
  version: string;
  effectiveFrom: Dayjs;
}

/** Reviewer (编办): list versions; import a CSV/XLSX as a draft, see bad rows, edit a draft's rules, publish. */
export function ListsPage() {
  const { t, time } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const required = useRequired();
  const { data: versions, loading, load } = useFetched<ListVersion[]>(api.lists, []);
  const [form] = Form.useForm<ImportValues>();
  const [file, setFile] = useState<UploadFile | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [importing, setImporting] = useState(false);
  const [rowErrors, setRowErrors] = useState<ErrorDetail[]>([]);
  const [rules, setRules] = useState<RuleTable | null>(null);

  const importFile = async (v: ImportValues) => {
    setRowErrors([]);
    if (!file?.originFileObj) {
      setFileError(t('common.required'));
      return;
    }
    setImporting(true);
    try {
      const r = await api.importList(
        file.originFileObj,
        v.version.trim(),
        v.effectiveFrom.format('YYYY-MM-DD'),
      );
      void message.success(t('lists.imported', { version: r.version, n: r.matters }));
      form.resetFields();
      setFile(null);
      await load();
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) setRowErrors(e.details);
      else if (e instanceof ApiError && e.status === 400) {
        const rest = applyFieldErrors(form, e.details, ['version', 'effectiveFrom']);
        setFileError(rest.find((d) => d.field === 'file')?.message ?? null);
        const others = rest.filter((d) => d.field !== 'file');
        if (others.length) showError(new ApiError(400, e.code, e.message, others));
      } else showError(e);
    } finally {
      setImporting(false);
    }
  };

  const publish = async (v: ListVersion) => {
    try {
      await api.publishList(v.id);
      void message.success(t('lists.published'));
      await load();
    } catch (e) {
      showError(e, load);
    }
  };

  const openRules = async (v: ListVersion) => {
    try {
      setRules(await api.rules(v.id));
    } catch (e) {
      showError(e);
    }
  };

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card title={t('lists.title')} extra={<RefreshButton onRefresh={load} />}>
        <Table<ListVersion>
          rowKey="id"
          loading={loading}
          dataSource={versions}
          pagination={false}
          columns={[
            { title: t('lists.version'), dataIndex: 'version' },
            {
              title: t('lists.status'),
              dataIndex: 'status',
              render: (s: ListVersion['status']) => (
                <Tag color={s === 'published' ? 'green' : 'gold'}>{t(`lists.status.${s}`)}</Tag>
              ),
            },
            { title: t('lists.effectiveFrom'), dataIndex: 'effectiveFrom' },
            { title: t('lists.matters'), dataIndex: 'matters' },
            { title: t('common.createdAt'), dataIndex: 'createdAt', render: (v: string) => time(v) },
            {
              title: t('lists.publishedAt'),
              dataIndex: 'publishedAt',
              render: (v: string | null) => time(v),
            },
            {
              title: t('common.actions'),
              render: (_, v) => (
                <Space>
                  <Button size="small" onClick={() => void openRules(v)}>
                    {t('lists.rules')}
                  </Button>
                  {v.status === 'draft' && (
                    <Confirm title={t('lists.publishConfirm')} onConfirm={() => publish(v)}>
                      <Button size="small" type="primary">
                        {t('lists.publish')}
                      </Button>
                    </Confirm>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>

      <Card title={t('lists.import')}>
        <Form<ImportValues> form={form} layout="inline" onFinish={importFile} style={{ rowGap: 12 }}>
          <Form.Item name="version" label={t('lists.version')} rules={required}>
            <Input placeholder="2026.1" style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="effectiveFrom" label={t('lists.effectiveFrom')} rules={required}>
            <DatePicker />
          </Form.Item>
          <Form.Item
            label={t('lists.file')}
            validateStatus={fileError ? 'error' : undefined}
            help={fileError}
          >
            <Upload
              accept=".csv,.xlsx"
              maxCount={1}
              fileList={file ? [file] : []}
              beforeUpload={() => false}
              onChange={({ fileList }) => {
                setFile(fileList[0] ?? null);
                setFileError(null);
              }}
            >
              <Button icon={<UploadOutlined />}>{t('lists.chooseFile')}</Button>
            </Upload>
          </Form.Item>
          <SubmitItem loading={importing}>{t('common.submit')}</SubmitItem>
        </Form>
        {rowErrors.length > 0 && (
          <Space direction="vertical" style={{ width: '100%', marginTop: 16 }}>
            <Alert type="error" showIcon message={t('lists.rowErrors')} />
            <Table<ErrorDetail>
              size="small"
              rowKey={(d) => `${d.row}:${d.column}:${d.message}`}
              dataSource={rowErrors}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              data-testid="row-errors"
              columns={[
                { title: t('lists.row'), dataIndex: 'row', width: 80, render: (r?: number) => r ?? '—' },
                {
                  title: t('lists.column'),
                  dataIndex: 'column',
                  width: 220,
                  render: (c?: string) => c ?? '—',
                },
                { title: t('lists.message'), dataIndex: 'message' },
              ]}
            />
          </Space>
        )}
      </Card>

      <RulesModal
        table={rules}
        onClose={() => setRules(null)}
        onSaved={(r) => {
          setRules(r);
          void message.success(t('lists.rulesSaved'));
        }}
      />
    </Space>
  );
}

/** The ordered routing table of a version as JSON: editable while the version is a draft. */
function RulesModal({
  table,
  onClose,
  onSaved,
}: {
  table: RuleTable | null;
  onClose: () => void;
  onSaved: (t: RuleTable) => void;
}) {
  const { t } = useI18n();
  const showError = useShowError();
  const [text, setText] = useState('');
  const [problems, setProblems] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);
  const editable = table?.status === 'draft';

  useEffect(() => {
    setText(table ? JSON.stringify(table.rules, null, 2) : '');
    setProblems([]);
  }, [table]);

  const save = async () => {
    if (!table) return;
    let rules: unknown;
    try {
      rules = JSON.parse(text);
    } catch (e) {
      setProblems([t('lists.rulesBadJson', { error: (e as Error).message })]);
      return;
    }
    setSaving(true);
    setProblems([]);
    try {
      onSaved(await api.replaceRules(table.listId, Array.isArray(rules) ? rules : [rules]));
    } catch (e) {
      if (e instanceof ApiError && e.status === 400)
        setProblems(e.details.map((d) => `${d.field ?? ''}: ${d.message}`));
      else showError(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={!!table}
      width={900}
      title={`${editable ? t('lists.rulesEdit') : t('lists.rulesView')} — ${table?.version ?? ''}`}
      onCancel={onClose}
      footer={
        editable
          ? [
              <Button key="c" onClick={onClose}>
                {t('common.cancel')}
              </Button>,
              <Button key="s" type="primary" loading={saving} onClick={() => void save()}>
                {t('common.save')}
              </Button>,
            ]
          : [
              <Button key="c" onClick={onClose}>
                {t('common.back')}
              </Button>,
            ]
      }
    >
      {problems.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          message={
            <ul style={{ margin: 0, paddingLeft: 16 }}>
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          }
        />
      )}
      <Input.TextArea
        value={text}
        onChange={(e) => setText(e.target.value)}
        readOnly={!editable}
        autoSize={{ minRows: 16, maxRows: 32 }}
        style={{ fontFamily: 'monospace', fontSize: 12 }}
        spellCheck={false}
      />
    </Modal>
  );
}
