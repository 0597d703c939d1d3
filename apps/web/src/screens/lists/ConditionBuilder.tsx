import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Input, Radio, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import {
  ACTION_TYPES,
  ENFORCEMENT_POWERS,
  ENFORCEMENT_SUBJECTS,
  FACTS,
  RESPONSIBILITY_MODES,
  type Condition,
  type FactName,
} from '../../api';
import { VALUE_GROUP } from '../../components/conditionText';
import { useI18n } from '../../i18n';

/** Messages by the API's field path (`rules[2].when.all[0].eq`), as the server and the live check name them. */
export type Problems = ReadonlyMap<string, string[]>;

/** The values a string fact can take: the domain's vocabularies. Boolean facts are yes or no. */
const VOCABULARY: Partial<Record<FactName, readonly string[]>> = {
  matterMode: RESPONSIBILITY_MODES,
  actionType: ACTION_TYPES,
  enforcementSubject: ENFORCEMENT_SUBJECTS,
  streetEnforcementPower: ENFORCEMENT_POWERS,
};
const FACT_NAMES = Object.keys(FACTS) as FactName[];

type Op = 'eq' | 'ne' | 'in' | 'nin';
type Combinator = 'all' | 'any' | 'notAll' | 'notAny';
/** A condition as typed (possibly half-built or malformed): the builder never assumes the schema holds. */
type Node = Record<string, unknown>;

const isObject = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);
const isFactTest = (v: unknown): v is Node =>
  isObject(v) && !('all' in v) && !('any' in v) && !('not' in v) && !('always' in v);
const isGroup = (v: unknown): v is Node =>
  isObject(v) && ('all' in v || 'any' in v) && Object.keys(v).length === 1;
const isNot = (v: unknown): v is { not: unknown } => isObject(v) && 'not' in v && Object.keys(v).length === 1;

/** How a node is edited: a fact test (maybe negated), a group (maybe negated), `always`, or its JSON. */
function shapeOf(c: unknown): 'fact' | 'group' | 'always' | 'raw' {
  const inner = isNot(c) ? c.not : c;
  if (isObject(c) && 'always' in c && Object.keys(c).length === 1 && c.always === true) return 'always';
  if (
    isFactTest(inner) &&
    Object.keys(inner).every((k) => ['fact', 'eq', 'in'].includes(k)) &&
    !('eq' in inner && 'in' in inner)
  )
    return 'fact';
  if (isGroup(inner) && Array.isArray(inner.all ?? inner.any)) return 'group';
  return 'raw';
}

const dedupe = (xs: string[]) => [...new Set(xs)];
/** The messages at these paths. */
const at = (problems: Problems, ...paths: string[]) => dedupe(paths.flatMap((p) => problems.get(p) ?? []));

/** Messages under a control, each findable by the path it belongs to. */
function Problem({ path, messages }: { path: string; messages: string[] }) {
  if (messages.length === 0) return null;
  return (
    <div data-testid="cond-error" data-field={path}>
      {messages.map((m) => (
        <Typography.Text key={m} type="danger" style={{ display: 'block', fontSize: 12 }}>
          {m}
        </Typography.Text>
      ))}
    </div>
  );
}

/**
 * A rule's condition as a form: "always" or conditions; each condition picks a fact the routing
 * engine derives (FACTS), a test (is, is not, is one of, is none of) and its value from the
 * domain's vocabulary; conditions nest in groups (all / any, or their negations). Whatever the
 * form cannot show (a shape outside the schema) stays editable as JSON in place. `problems`
 * holds the live check's and the server's messages by the API's field path; each is shown on
 * the control it is about.
 */
export function ConditionBuilder({
  value,
  path,
  problems,
  disabled,
  onChange,
}: {
  value: Condition;
  /** The API's path of this condition, `rules[3].when`. */
  path: string;
  problems: Problems;
  disabled: boolean;
  onChange: (c: Condition) => void;
}) {
  const { t } = useI18n();
  const always = shapeOf(value) === 'always';
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={6} data-testid="condition-builder">
      <Radio.Group
        value={always ? 'always' : 'match'}
        disabled={disabled}
        data-testid="cond-kind"
        onChange={(e) =>
          onChange(e.target.value === 'always' ? { always: true } : ({ all: [{}] } as unknown as Condition))
        }
      >
        <Radio value="match">{t('cond.kind.match')}</Radio>
        <Radio value="always">{t('cond.kind.always')}</Radio>
      </Radio.Group>
      {!always && (
        <NodeEditor
          node={value}
          path={path}
          problems={problems}
          disabled={disabled}
          onChange={onChange}
          root
        />
      )}
      <Problem path={path} messages={always ? at(problems, path) : []} />
    </Space>
  );
}

interface NodeProps {
  node: unknown;
  path: string;
  problems: Problems;
  disabled: boolean;
  onChange: (c: Condition) => void;
  onRemove?: () => void;
  root?: boolean;
}

function NodeEditor(props: NodeProps) {
  const shape = shapeOf(props.node);
  if (shape === 'fact') return <FactRow {...props} />;
  if (shape === 'group') return <GroupEditor {...props} />;
  return <RawNode {...props} always={shape === 'always'} />;
}

function RemoveButton({ onRemove, disabled }: { onRemove?: () => void; disabled: boolean }) {
  const { t } = useI18n();
  if (!onRemove) return null;
  return (
    <Button
      size="small"
      type="text"
      danger
      icon={<DeleteOutlined />}
      aria-label={t('cond.remove')}
      title={t('cond.remove')}
      disabled={disabled}
      onClick={onRemove}
      data-testid="cond-remove"
    />
  );
}

/** A group: its combinator, its members (each removable) and buttons to add a condition or a nested group. */
function GroupEditor({ node, path, problems, disabled, onChange, onRemove, root }: NodeProps) {
  const { t } = useI18n();
  const negated = isNot(node);
  const inner = (negated ? (node as { not: Node }).not : node) as Node;
  const innerPath = negated ? `${path}.not` : path;
  const key = 'all' in inner ? 'all' : 'any';
  const items = inner[key] as unknown[];
  const combinator: Combinator = negated ? (key === 'all' ? 'notAll' : 'notAny') : key;
  const make = (c: Combinator, list: unknown[]): Condition => {
    const k = c === 'all' || c === 'notAll' ? 'all' : 'any';
    const g = { [k]: list };
    return (c === 'notAll' || c === 'notAny' ? { not: g } : g) as unknown as Condition;
  };
  const setItems = (list: unknown[]) => onChange(make(combinator, list));
  const listPath = `${innerPath}.${key}`;
  return (
    <div
      data-testid="cond-group"
      data-path={path}
      style={{ borderLeft: '3px solid #f0d0d2', paddingLeft: 10, width: '100%' }}
    >
      <Space wrap size={6}>
        <Select<Combinator>
          size="small"
          value={combinator}
          disabled={disabled}
          style={{ width: 190 }}
          aria-label={t('cond.kind')}
          data-testid="cond-combinator"
          onChange={(c) => onChange(make(c, items))}
          options={(['all', 'any', 'notAll', 'notAny'] as const).map((c) => ({
            value: c,
            label: t(`cond.group.${c}`),
          }))}
        />
        <RemoveButton onRemove={onRemove} disabled={disabled} />
      </Space>
      <Problem path={listPath} messages={at(problems, path, innerPath, listPath)} />
      <Space direction="vertical" size={6} style={{ width: '100%', marginTop: 6 }}>
        {items.map((c, j) => (
          <NodeEditor
            key={j}
            node={c}
            path={`${listPath}[${j}]`}
            problems={problems}
            disabled={disabled}
            onChange={(next) => setItems(items.map((x, i) => (i === j ? next : x)))}
            // The last member of the rule's own group stays (a rule without any condition is "always").
            onRemove={
              root && items.length === 1
                ? undefined
                : () => {
                    const rest = items.filter((_, i) => i !== j);
                    if (rest.length === 0 && onRemove) onRemove();
                    else setItems(rest);
                  }
            }
          />
        ))}
        {!disabled && (
          <Space size={6}>
            <Button
              size="small"
              icon={<PlusOutlined />}
              onClick={() => setItems([...items, {}])}
              data-testid="cond-add"
            >
              {t('cond.addCondition')}
            </Button>
            <Button
              size="small"
              icon={<PlusOutlined />}
              onClick={() => setItems([...items, { any: [{}] }])}
              data-testid="cond-add-group"
            >
              {t('cond.addGroup')}
            </Button>
          </Space>
        )}
      </Space>
    </div>
  );
}

/** One test of one fact: the fact, the test and the value (a vocabulary's labels, or yes / no). */
function FactRow({ node, path, problems, disabled, onChange, onRemove }: NodeProps) {
  const { t, label } = useI18n();
  const negated = isNot(node);
  const test = (negated ? (node as { not: Node }).not : node) as Node;
  const testPath = negated ? `${path}.not` : path;
  const fact = typeof test.fact === 'string' ? test.fact : undefined;
  const known = fact !== undefined && fact in FACTS;
  const boolean = known && FACTS[fact as FactName] === 'boolean';
  const vocabulary = known ? VOCABULARY[fact as FactName] : undefined;
  const isIn = 'in' in test;
  const op: Op = isIn ? (negated ? 'nin' : 'in') : negated ? 'ne' : 'eq';
  const value: unknown = isIn ? test.in : test.eq;
  const factLabel = fact ? label('fact', fact) : '';

  const emit = (nextOp: Op, nextFact: string | undefined, nextValue: unknown) => {
    const t2: Node = {};
    if (nextFact !== undefined) t2.fact = nextFact;
    const many = nextOp === 'in' || nextOp === 'nin';
    // A list test without values yet keeps its (empty) list, so the test chosen stays chosen.
    if (many) t2.in = nextValue ?? [];
    else if (nextValue !== undefined) t2.eq = nextValue;
    const c = nextOp === 'ne' || nextOp === 'nin' ? { not: t2 } : t2;
    onChange(c as unknown as Condition);
  };
  const changeOp = (next: Op) => {
    const many = next === 'in' || next === 'nin';
    // A single value becomes a one-value list and back (the first of the list).
    const v = many
      ? value === undefined
        ? []
        : Array.isArray(value)
          ? value
          : [value]
      : Array.isArray(value)
        ? value[0]
        : value;
    emit(next, fact, v);
  };

  const shown = (v: unknown) =>
    typeof v === 'boolean'
      ? t(`value.${String(v)}` as 'value.true')
      : typeof v === 'string' && fact && VALUE_GROUP[fact]
        ? label(VALUE_GROUP[fact], v)
        : typeof v === 'string'
          ? v
          : JSON.stringify(v);
  // A value outside the vocabulary (typed in the JSON) is still shown, by its JSON, and marked.
  const key = (v: unknown) => (typeof v === 'string' ? v : `json:${JSON.stringify(v)}`);
  const fromKey = (k: string): unknown => (k.startsWith('json:') ? JSON.parse(k.slice(5)) : k);
  const choices: unknown[] = boolean ? [true, false] : [...(vocabulary ?? [])];
  const current = Array.isArray(value) ? value : value === undefined ? [] : [value];
  for (const v of current) if (!choices.some((c) => key(c) === key(v))) choices.push(v);
  const many = op === 'in' || op === 'nin';

  // The builder's own checks, in words a clerk reads; the live check and the server say the rest.
  const valuePath = `${testPath}.${isIn ? 'in' : 'eq'}`;
  const missingValue = known && (value === undefined || (Array.isArray(value) && value.length === 0));
  const own: string[] = [];
  if (missingValue) own.push(t('cond.pickValue'));
  for (const v of current) {
    if (boolean && typeof v !== 'boolean' && ['string', 'number'].includes(typeof v))
      own.push(t('cond.wrongType', { fact: factLabel }));
    else if (vocabulary && typeof v === 'string' && !vocabulary.includes(v))
      own.push(t('cond.unknownValue', { value: v, fact: factLabel }));
  }
  const factMessages = fact === undefined ? [t('cond.pickFact')] : at(problems, `${testPath}.fact`);
  // Without a fact or a value the schema's own complaint ("exactly one of eq or in") says the same.
  const rowMessages = fact === undefined || missingValue ? [] : at(problems, path, testPath);
  const valueMessages = dedupe([
    ...own,
    ...(fact === undefined || missingValue ? [] : at(problems, `${testPath}.eq`, `${testPath}.in`)),
  ]);

  return (
    <div data-testid="cond-row" data-path={path}>
      <Space wrap size={6} align="start">
        <div>
          <Select<string>
            size="small"
            style={{ width: 170 }}
            value={fact}
            placeholder={t('cond.fact')}
            aria-label={t('cond.fact')}
            disabled={disabled}
            status={factMessages.length ? 'error' : undefined}
            data-testid="cond-fact"
            onChange={(f) => emit(FACTS[f as FactName] === 'boolean' && many ? 'eq' : op, f, undefined)}
            options={[
              ...FACT_NAMES.map((f) => ({ value: f, label: label('fact', f) })),
              ...(fact !== undefined && !known ? [{ value: fact, label: fact }] : []),
            ]}
          />
          <Problem path={`${testPath}.fact`} messages={factMessages} />
        </div>
        <Select<Op>
          size="small"
          style={{ width: 150 }}
          value={op}
          aria-label={t('cond.op')}
          disabled={disabled}
          data-testid="cond-op"
          onChange={changeOp}
          options={(['eq', 'ne', 'in', 'nin'] as const)
            .filter((o) => !boolean || o === 'eq' || o === 'ne' || o === op)
            .map((o) => ({ value: o, label: t(`cond.op.${o}`) }))}
        />
        <div>
          <Select<string | string[]>
            size="small"
            style={{ minWidth: 200, maxWidth: 420 }}
            mode={many ? 'multiple' : undefined}
            value={many ? current.map(key) : value === undefined ? undefined : key(value)}
            placeholder={t('cond.value')}
            aria-label={t('cond.value')}
            disabled={disabled || fact === undefined}
            status={valueMessages.length ? 'error' : undefined}
            data-testid="cond-value"
            onChange={(k) => emit(op, fact, Array.isArray(k) ? k.map(fromKey) : fromKey(k))}
            options={choices.map((v) => ({ value: key(v), label: shown(v) }))}
          />
          <Problem path={valuePath} messages={valueMessages} />
        </div>
        <RemoveButton onRemove={onRemove} disabled={disabled} />
      </Space>
      <Problem path={path} messages={rowMessages} />
    </div>
  );
}

/** A condition the form cannot draw (or a nested `always`): its JSON, applied as soon as it parses. */
function RawNode({
  node,
  path,
  problems,
  disabled,
  onChange,
  onRemove,
  always,
}: NodeProps & { always: boolean }) {
  const { t } = useI18n();
  const canonical = JSON.stringify(node) ?? '';
  const [text, setText] = useState(canonical);
  const [shown, setShown] = useState(canonical);
  const [bad, setBad] = useState(false);
  // Changed from outside (the JSON tab, a move): show it, unless what is typed here says the same.
  if (canonical !== shown) {
    setShown(canonical);
    let same = false;
    try {
      same = JSON.stringify(JSON.parse(text)) === canonical;
    } catch {
      same = false;
    }
    if (!same) {
      setText(canonical);
      setBad(false);
    }
  }
  const nested = [...problems.keys()].filter((k) => k === path || k.startsWith(`${path}.`));
  return (
    <div data-testid="cond-raw" data-path={path}>
      {always ? (
        <Space>
          <Typography.Text>{t('cond.alwaysNested')}</Typography.Text>
          <RemoveButton onRemove={onRemove} disabled={disabled} />
        </Space>
      ) : (
        <>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('cond.raw')}
          </Typography.Text>
          <Space.Compact style={{ width: '100%' }}>
            <Input
              size="small"
              value={text}
              disabled={disabled}
              status={bad || nested.length ? 'error' : undefined}
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
            <RemoveButton onRemove={onRemove} disabled={disabled} />
          </Space.Compact>
          {bad && <Typography.Text type="danger">{t('rules.badCondition')}</Typography.Text>}
        </>
      )}
      <Problem path={path} messages={dedupe(nested.flatMap((k) => problems.get(k) ?? []))} />
    </div>
  );
}
