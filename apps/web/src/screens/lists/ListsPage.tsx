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
  Spin,
  Table,
  Tabs,
  Tag,
  Upload,
  type UploadFile,
} from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { renderDetail } from '@app/domain/errors/detail-messages';
import { ruleTableProblems } from '@app/domain/routing/rule-table';
import { ApiError, type ErrorDetail, type ListVersion, type RoutingRule } from '../../api';
import { useImportList, usePublishList, useReplaceRules } from '../../api/mutations';
import { queries } from '../../api/queries';
import { everydayApi } from '../../api/everyday';
import { Confirm, RefreshButton } from '../../components/controls';
import { ExportButton } from '../../components/ExportButton';
import { applyFieldErrors, useShowError } from '../../components/errors';
import { SubmitItem, useRequired } from '../../components/formItems';
import { QueryError } from '../../components/QueryError';
import { useI18n } from '../../i18n';
import { RuleForm } from './RuleForm';

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
  const { data: versions, isFetching, error, refetch: load } = useQuery(queries.listVersions());
  const importList = useImportList();
  const publishList = usePublishList();
  const [form] = Form.useForm<ImportValues>();
  const [file, setFile] = useState<UploadFile | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [rowErrors, setRowErrors] = useState<ErrorDetail[]>([]);
  const [rulesOf, setRulesOf] = useState<ListVersion | null>(null);

  const importFile = async (v: ImportValues) => {
    setRowErrors([]);
    if (!file?.originFileObj) {
      setFileError(t('common.required'));
      return;
    }
    try {
      const r = await importList.mutateAsync({
        file: file.originFileObj,
        version: v.version.trim(),
        effectiveFrom: v.effectiveFrom.format('YYYY-MM-DD'),
      });
      void message.success(t('lists.imported', { version: r.version, n: r.matters }));
      form.resetFields();
      setFile(null);
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) setRowErrors(e.details);
      else if (e instanceof ApiError && e.status === 400) {
        const rest = applyFieldErrors(form, e.details, ['version', 'effectiveFrom']);
        setFileError(rest.find((d) => d.field === 'file')?.message ?? null);
        const others = rest.filter((d) => d.field !== 'file');
        if (others.length) showError(new ApiError(400, e.code, e.message, others));
      } else showError(e);
    }
  };

  const publish = async (v: ListVersion) => {
    try {
      await publishList.mutateAsync(v.id);
      void message.success(t('lists.published'));
    } catch (e) {
      showError(e, load);
    }
  };

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card title={t('lists.title')} extra={<RefreshButton onRefresh={load} />}>
        {error && <QueryError error={error} onRetry={load} style={{ marginBottom: 16 }} />}
        <Table<ListVersion>
          rowKey="id"
          loading={isFetching}
          dataSource={versions}
          locale={error ? { emptyText: t('common.loadFailed') } : undefined}
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
                  <Button size="small" onClick={() => setRulesOf(v)}>
                    {t('lists.rules')}
                  </Button>
                  <ExportButton
                    size="small"
                    download={() => everydayApi.exportList(v.id)}
                    testId={`export-list-${v.version}`}
                  />
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

      <Card
        title={t('lists.import')}
        extra={
          <Space>
            <ExportButton
              label={t('exports.templateXlsx')}
              download={() => everydayApi.listTemplate('xlsx')}
              testId="list-template-xlsx"
            />
            <ExportButton
              label={t('exports.templateCsv')}
              download={() => everydayApi.listTemplate('csv')}
              testId="list-template-csv"
            />
          </Space>
        }
      >
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
          <SubmitItem loading={importList.isPending}>{t('common.submit')}</SubmitItem>
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
        version={rulesOf}
        onClose={() => setRulesOf(null)}
        onSaved={() => void message.success(t('lists.rulesSaved'))}
      />
    </Space>
  );
}

/** Problems by the API's field path: the live check's (the domain's own rule-table check, in the user's language) and the server's. */
function problemMap(...lists: { field?: string; message: string }[][]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const d of lists.flat()) {
    const field = d.field ?? '';
    const seen = map.get(field) ?? [];
    if (!seen.includes(d.message)) map.set(field, [...seen, d.message]);
  }
  return map;
}

/** Whether a problem has a place in the form: a field of an existing rule. */
const placed = (field: string, rules: number) => {
  const m = /^rules\[(\d+)\]/.exec(field);
  return !!m && Number(m[1]) < rules;
};

/**
 * The ordered routing table of a version: a form in the user's language (RuleForm with its
 * condition builder), or the JSON for experts, editable while the version is a draft. The two
 * stay in sync: the JSON shows the form's table; JSON that parses into a table updates the form
 * as it is typed, and malformed JSON is reported while the form keeps its last table (back to
 * the form only once it parses, or by discarding the JSON edit). The domain's own check runs on
 * every change, so problems show where they are before saving; a refused save shows the
 * server's on the same fields.
 */
function RulesModal({
  version,
  onClose,
  onSaved,
}: {
  version: ListVersion | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t, lang } = useI18n();
  const showError = useShowError();
  const {
    data: table,
    error,
    refetch,
  } = useQuery({ ...queries.rules(version?.id ?? ''), enabled: !!version });
  const replace = useReplaceRules();
  const [mode, setMode] = useState<'form' | 'json'>('form');
  /** The form's edit; null while untouched (the stored table is shown). */
  const [edited, setEdited] = useState<RoutingRule[] | null>(null);
  /** The JSON tab's text; null while it shows the form's table. */
  const [jsonText, setJsonText] = useState<string | null>(null);
  /** Why the JSON tab's text is not a table (null when it is). */
  const [jsonError, setJsonError] = useState<string | null>(null);
  /** What the server refused at the last save, until the table changes. */
  const [serverProblems, setServerProblems] = useState<ErrorDetail[] | null>(null);
  const editable = table?.status === 'draft';
  const rules = edited ?? table?.rules ?? [];
  const text = jsonText ?? JSON.stringify(rules, null, 2);

  const live = useMemo(
    () =>
      editable
        ? ruleTableProblems(rules).map((p) =>
            renderDetail({ field: p.field, reason: p.reason, params: p.params }, lang),
          )
        : [],
    [rules, editable, lang],
  );
  const problems = useMemo(() => problemMap(live, serverProblems ?? []), [live, serverProblems]);
  const unplaced = [...problems].filter(([field]) => mode === 'json' || !placed(field, rules.length));

  const edit = (next: RoutingRule[]) => {
    setEdited(next);
    setServerProblems(null);
  };

  const close = () => {
    setEdited(null);
    setJsonText(null);
    setJsonError(null);
    setMode('form');
    setServerProblems(null);
    onClose();
  };

  /** The JSON text's table, or the reason it is none. */
  const parse = (value: string): RoutingRule[] | string => {
    let v: unknown;
    try {
      v = JSON.parse(value);
    } catch (e) {
      return t('rules.jsonInvalid', { error: (e as Error).message });
    }
    // Whatever the rules say goes to the server as it is (it names each bad one); the form needs objects.
    if (!Array.isArray(v) || !v.every((r) => typeof r === 'object' && r !== null && !Array.isArray(r)))
      return t('rules.jsonNotRules');
    return v as RoutingRule[];
  };

  const typeJson = (value: string) => {
    setJsonText(value);
    const r = parse(value);
    if (typeof r === 'string') setJsonError(r);
    else {
      setJsonError(null);
      edit(r);
    }
  };

  const switchTo = (next: 'form' | 'json') => {
    // Malformed JSON stays where it is, with its error; the form keeps its last table.
    if (next === 'form' && jsonError) return;
    setJsonText(null);
    setMode(next);
  };

  const discardJson = () => {
    setJsonText(null);
    setJsonError(null);
    setMode('form');
  };

  const save = async () => {
    if (!table || jsonError) return;
    try {
      await replace.mutateAsync({ id: table.listId, rules });
      setEdited(null);
      setJsonText(null);
      setServerProblems(null);
      onSaved();
    } catch (e) {
      if (e instanceof ApiError && e.status === 400) setServerProblems(e.details);
      else showError(e);
    }
  };

  const fieldLabel = (field: string) => {
    const m = /^rules\[(\d+)\]/.exec(field);
    return m ? `${t('rules.rule', { n: Number(m[1]) + 1 })}${field.slice(m[0].length)}` : field;
  };

  return (
    <Modal
      open={!!version}
      width={1040}
      title={`${editable ? t('lists.rulesEdit') : t('lists.rulesView')} — ${version?.version ?? ''}`}
      onCancel={close}
      footer={
        editable
          ? [
              <Button key="c" onClick={close}>
                {t('common.cancel')}
              </Button>,
              <Button
                key="s"
                type="primary"
                loading={replace.isPending}
                disabled={!!jsonError}
                onClick={() => void save()}
                data-testid="rules-save"
              >
                {t('common.save')}
              </Button>,
            ]
          : [
              <Button key="c" onClick={close}>
                {t('common.back')}
              </Button>,
            ]
      }
    >
      {error && <QueryError error={error} onRetry={refetch} style={{ marginBottom: 12 }} />}
      {!table && !error && <Spin />}
      {problems.size > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="rule-problems"
          data-source={serverProblems ? 'server' : 'live'}
          message={t(serverProblems ? 'rules.problemsSaveTitle' : 'rules.problemsTitle', {
            n: [...problems.values()].flat().length,
          })}
          description={
            unplaced.length > 0 && (
              <ul style={{ margin: 0, paddingLeft: 16 }}>
                {unplaced.flatMap(([field, messages]) =>
                  messages.map((m) => <li key={field + m}>{field ? `${fieldLabel(field)}: ${m}` : m}</li>),
                )}
              </ul>
            )
          }
        />
      )}
      {table && (
        <Tabs
          activeKey={mode}
          onChange={(k) => switchTo(k as 'form' | 'json')}
          items={[
            {
              key: 'form',
              label: t('rules.form'),
              children: <RuleForm rules={rules} editable={editable} problems={problems} onChange={edit} />,
            },
            {
              key: 'json',
              label: t('rules.json'),
              children: (
                <Space direction="vertical" style={{ width: '100%' }}>
                  <Input.TextArea
                    value={text}
                    onChange={(e) => typeJson(e.target.value)}
                    readOnly={!editable}
                    status={jsonError ? 'error' : undefined}
                    autoSize={{ minRows: 16, maxRows: 32 }}
                    style={{ fontFamily: 'monospace', fontSize: 12 }}
                    spellCheck={false}
                    data-testid="rules-json"
                  />
                  {jsonError && (
                    <Alert
                      type="error"
                      showIcon
                      data-testid="rules-json-error"
                      message={jsonError}
                      action={
                        <Button size="small" onClick={discardJson} data-testid="rules-json-discard">
                          {t('rules.discardJson')}
                        </Button>
                      }
                    />
                  )}
                </Space>
              ),
            },
          ]}
        />
      )}
    </Modal>
  );
}
