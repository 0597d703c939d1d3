import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Col, Input, Row, Select, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { OUTCOMES, type RoutingRule } from '../../api';
import { useConditionText } from '../../components/conditionText';
import { useI18n } from '../../i18n';
import { ConditionBuilder, type Problems } from './ConditionBuilder';

/**
 * The routing table as a form, in the user's language: each rule's id, description, outcome and
 * reasons as fields, its condition read out in words and built with ConditionBuilder, moved up
 * and down, added and removed. `problems` (the live check's and the server's, by the API's field
 * path) are shown on the field they name.
 */
export function RuleForm({
  rules,
  editable,
  problems,
  onChange,
}: {
  rules: RoutingRule[];
  editable: boolean;
  problems: Problems;
  onChange: (rules: RoutingRule[]) => void;
}) {
  const { t, label } = useI18n();
  const conditionText = useConditionText();
  const set = (i: number, patch: Partial<RoutingRule>) =>
    onChange(rules.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const move = (i: number, by: number) => {
    const next = [...rules];
    [next[i], next[i + by]] = [next[i + by], next[i]];
    onChange(next);
  };
  const add = () =>
    onChange([
      ...rules.slice(0, -1),
      {
        id: `R${rules.length + 1}`,
        description: '',
        when: { all: [{}] } as unknown as RoutingRule['when'],
        outcome: 'admit',
        reason: { 'zh-CN': '', en: '' },
      },
      ...rules.slice(-1),
    ]);

  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="rule-form">
      <Typography.Text type="secondary">{t('rules.placeholders')}</Typography.Text>
      {rules.map((r, i) => (
        <Card
          key={i}
          size="small"
          data-testid="rule-card"
          data-rule={`rules[${i}]`}
          title={
            <Space>
              <Typography.Text strong>{i + 1}.</Typography.Text>
              <Input
                aria-label={t('rules.id')}
                value={r.id}
                disabled={!editable}
                style={{ width: 100 }}
                status={problems.has(`rules[${i}].id`) ? 'error' : undefined}
                onChange={(e) => set(i, { id: e.target.value })}
              />
              <Typography.Text type="secondary" style={{ whiteSpace: 'normal' }}>
                {conditionText(r.when)}
              </Typography.Text>
            </Space>
          }
          extra={
            editable && (
              <Space size={4}>
                <Button
                  size="small"
                  icon={<ArrowUpOutlined />}
                  aria-label={t('rules.up')}
                  disabled={i === 0}
                  onClick={() => move(i, -1)}
                />
                <Button
                  size="small"
                  icon={<ArrowDownOutlined />}
                  aria-label={t('rules.down')}
                  disabled={i === rules.length - 1}
                  onClick={() => move(i, 1)}
                />
                <Button
                  size="small"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={t('rules.remove')}
                  onClick={() => onChange(rules.filter((_, j) => j !== i))}
                />
              </Space>
            )
          }
        >
          <Row gutter={[12, 8]}>
            <FieldErrors problems={problems} path={`rules[${i}].id`} />
            <FieldErrors problems={problems} path={`rules[${i}]`} />
            <Col xs={24} md={14}>
              <Field label={t('rules.description')} problems={problems} path={`rules[${i}].description`}>
                <Input
                  value={r.description}
                  disabled={!editable}
                  onChange={(e) => set(i, { description: e.target.value })}
                />
              </Field>
            </Col>
            <Col xs={24} md={10}>
              <Field label={t('rules.outcome')} problems={problems} path={`rules[${i}].outcome`}>
                <Select
                  style={{ width: '100%' }}
                  value={r.outcome}
                  disabled={!editable}
                  options={OUTCOMES.map((o) => ({ value: o, label: label('outcome', o) }))}
                  onChange={(outcome) => set(i, { outcome })}
                  data-testid="rule-outcome"
                />
              </Field>
            </Col>
            <Col xs={24} md={12}>
              <Field label={t('rules.reasonZh')} problems={problems} path={`rules[${i}].reason`}>
                <Input.TextArea
                  autoSize={{ minRows: 2, maxRows: 6 }}
                  value={r.reason?.['zh-CN']}
                  disabled={!editable}
                  onChange={(e) => set(i, { reason: { ...r.reason, 'zh-CN': e.target.value } })}
                />
              </Field>
            </Col>
            <Col xs={24} md={12}>
              <Field label={t('rules.reasonEn')}>
                <Input.TextArea
                  autoSize={{ minRows: 2, maxRows: 6 }}
                  value={r.reason?.en}
                  disabled={!editable}
                  onChange={(e) => set(i, { reason: { ...r.reason, en: e.target.value } })}
                />
              </Field>
            </Col>
            <Col xs={24}>
              <Field label={t('rules.when')}>
                <ConditionBuilder
                  value={r.when}
                  path={`rules[${i}].when`}
                  problems={problems}
                  disabled={!editable}
                  onChange={(when) => set(i, { when })}
                />
              </Field>
            </Col>
          </Row>
        </Card>
      ))}
      {editable && (
        <Button icon={<PlusOutlined />} onClick={add} block>
          {t('rules.add')}
        </Button>
      )}
    </Space>
  );
}

function Field({
  label,
  problems,
  path,
  children,
}: {
  label: string;
  problems?: Problems;
  path?: string;
  children: ReactNode;
}) {
  return (
    <div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {label}
      </Typography.Text>
      {children}
      {problems && path && <FieldErrors problems={problems} path={path} />}
    </div>
  );
}

/** The messages about one field of a rule, findable by its API path. */
function FieldErrors({ problems, path }: { problems: Problems; path: string }) {
  const messages = problems.get(path);
  if (!messages?.length) return null;
  return (
    <Col xs={24} data-testid="field-error" data-field={path}>
      {messages.map((m) => (
        <Typography.Text key={m} type="danger" style={{ display: 'block', fontSize: 12 }}>
          {m}
        </Typography.Text>
      ))}
    </Col>
  );
}
