import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Col, Input, Row, Select, Space, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { OUTCOMES, type Condition, type RoutingRule } from '../../api';
import { useConditionText } from '../../components/conditionText';
import { useI18n } from '../../i18n';

/**
 * The routing table as a form, in the user's language: each rule's id, description, outcome and
 * reasons as fields, its condition read out in words (and editable as JSON beneath, the one part
 * whose tree a form would only make harder), moved up and down, added and removed. The server
 * checks the table when it is saved, and its problems name the rule and field.
 */
export function RuleForm({
  rules,
  editable,
  onChange,
}: {
  rules: RoutingRule[];
  editable: boolean;
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
        when: { fact: 'matterPresent', eq: true },
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
          title={
            <Space>
              <Typography.Text strong>{i + 1}.</Typography.Text>
              <Input
                aria-label={t('rules.id')}
                value={r.id}
                disabled={!editable}
                style={{ width: 100 }}
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
            <Col xs={24} md={14}>
              <Field label={t('rules.description')}>
                <Input
                  value={r.description}
                  disabled={!editable}
                  onChange={(e) => set(i, { description: e.target.value })}
                />
              </Field>
            </Col>
            <Col xs={24} md={10}>
              <Field label={t('rules.outcome')}>
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
              <Field label={t('rules.reasonZh')}>
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
              <Field label={t('rules.conditionJson')}>
                <ConditionInput value={r.when} disabled={!editable} onChange={(when) => set(i, { when })} />
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

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {label}
      </Typography.Text>
      {children}
    </div>
  );
}

/** A condition's JSON, applied to the rule as soon as it parses (the words above follow). */
function ConditionInput({
  value,
  disabled,
  onChange,
}: {
  value: Condition;
  disabled: boolean;
  onChange: (c: Condition) => void;
}) {
  const { t } = useI18n();
  const canonical = JSON.stringify(value);
  const [text, setText] = useState(canonical);
  const [shown, setShown] = useState(canonical);
  const [bad, setBad] = useState(false);
  // The rule changed from outside (moved, edited in the JSON tab): show its condition, unless the
  // text typed here already says the same.
  if (canonical !== shown) {
    let same = false;
    try {
      same = JSON.stringify(JSON.parse(text)) === canonical;
    } catch {
      same = false;
    }
    setShown(canonical);
    if (!same) {
      setText(canonical);
      setBad(false);
    }
  }
  return (
    <>
      <Input
        value={text}
        disabled={disabled}
        status={bad ? 'error' : undefined}
        style={{ fontFamily: 'monospace', fontSize: 12 }}
        onChange={(e) => {
          setText(e.target.value);
          try {
            onChange(JSON.parse(e.target.value) as Condition);
            setBad(false);
          } catch {
            setBad(true);
          }
        }}
      />
      {bad && <Typography.Text type="danger">{t('rules.badCondition')}</Typography.Text>}
    </>
  );
}
